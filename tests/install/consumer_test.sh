#!/usr/bin/env bash
# Installs the build into a scratch prefix, then builds and runs a tiny C consumer against it twice:
# through find_package(tether) and through pkg-config. Extra compiler/linker flags (e.g. sanitizers, which
# must match the library's) come from $4.
set -euo pipefail
build_dir=$1 source_dir=$2 scratch=$3 extra_flags=${4:-}
rm -rf "$scratch" && mkdir -p "$scratch"
prefix=$scratch/prefix

cmake --install "$build_dir" --prefix "$prefix" >/dev/null
manifest=$prefix/share/tether/manifests/smartsheet.yaml
test -f "$prefix/include/tether/tether.h" && test -f "$prefix/include/tether/tether.hpp" && test -f "$manifest"
libdir=$(dirname "$(find "$prefix" -name 'libtether.so.1' | head -n1)")
test -L "$libdir/libtether.so" && test -L "$libdir/libtether.so.1"

echo "== find_package(tether)"
cmake -S "$source_dir/tests/install/consumer" -B "$scratch/cmake-consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_FLAGS="$extra_flags" -DCMAKE_EXE_LINKER_FLAGS="$extra_flags" >/dev/null
cmake --build "$scratch/cmake-consumer" >/dev/null
LD_LIBRARY_PATH=$libdir "$scratch/cmake-consumer/consumer" "$manifest"

echo "== pkg-config tether"
export PKG_CONFIG_PATH=$libdir/pkgconfig
pkg-config --exists tether
# shellcheck disable=SC2046,SC2086
cc -std=c99 -Wall -Werror $extra_flags $(pkg-config --cflags tether) "$source_dir/tests/install/consumer/consumer.c" \
  $(pkg-config --libs tether) -o "$scratch/pc-consumer"
LD_LIBRARY_PATH=$libdir "$scratch/pc-consumer" "$manifest"
