#!/usr/bin/env bash
# Installs the build into a scratch prefix and runs what a builder runs from there, without LD_LIBRARY_PATH:
# `tether version`, `tether validate` on the installed manifest, and `tether-emulator` (started, asked for a
# page, stopped), then one authorize-url of the installed CLI against the installed emulator, and `tether webhook
# serve`, which runs the installed helper program libexec/tether/tether-webhook-serve, and a postgresql:// store,
# which loads the installed module libexec/tether/tether-cli-postgresql.so.
# Usage: installed_programs_test.sh <build dir> <scratch dir>
set -uo pipefail
build_dir=$1 scratch=$2
rm -rf "$scratch" && mkdir -p "$scratch"
prefix=$scratch/prefix
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset LD_LIBRARY_PATH
export XDG_DATA_HOME=$scratch/data

cmake --install "$build_dir" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
tether=$prefix/bin/tether emulator=$prefix/bin/tether-emulator
manifest=$prefix/share/tether/manifests/smartsheet.yaml
helper=$prefix/libexec/tether/tether-webhook-serve module=$prefix/libexec/tether/tether-cli-postgresql.so
for f in "$tether" "$emulator" "$manifest" "$helper" "$module"; do [ -e "$f" ] || fail "not installed: ${f#"$prefix"/}"; done

runpath=$(readelf -d "$tether" | grep -E 'RUNPATH|RPATH')
case "$runpath" in *'$ORIGIN/../'*) ;; *) fail "bin/tether has no relative RPATH: $runpath" ;; esac
version=$("$tether" version 2>&1) || fail "the installed tether does not run: $version"
case "$version" in "tether "*" (ABI "*) ;; *) fail "tether version printed: $version" ;; esac
out=$("$tether" --manifest "$manifest" validate 2>&1) || fail "validate of the installed manifest: $out"
# The HTTP server library is the helper's alone, libpq the module's: every short `tether` command starts
# without them.
if readelf -d "$tether" | grep -q 'NEEDED.*httplib'; then fail "bin/tether links cpp-httplib"; fi
if readelf -d "$tether" | grep -q 'NEEDED.*libpq'; then fail "bin/tether links libpq"; fi
# Boost.JSON and fmt are compiled into the library and the CLI: neither loads their shared libraries.
for f in "$tether" "$prefix/lib/libtether.so.1"; do
  if readelf -d "$f" | grep -Eq 'NEEDED.*(boost_json|libfmt)'; then fail "${f#"$prefix"/} links libboost_json or libfmt"; fi
done
# A postgresql:// store loads the module: nothing listens on port 1, so libpq's refusal is the message.
out=$("$tether" --manifest "$manifest" --store "postgresql://nobody@127.0.0.1:1/none?connect_timeout=5" connections 2>&1)
rc=$?
[ "$rc" -eq 8 ] || fail "a postgresql:// store nobody serves exited $rc, not 8: $out"
case "$out" in *"postgresql://nobody@127.0.0.1:1/none"*) ;; *) fail "the installed module did not open the store: $out" ;; esac
case "$out" in *"cannot find the module"*|*"cannot load"*) fail "the installed module did not load: $out" ;; esac

# webhook serve: `tether` starts the installed helper in its place, which says where it listens.
coproc SERVE { exec "$tether" --manifest "$manifest" --store "sqlite:$scratch/webhooks.db" webhook serve --port 0 2>&1; }
serve_pid=$SERVE_PID
read -r -t 30 listening <&"${SERVE[0]}"
case "${listening:-}" in *"listening on http://127.0.0.1:"*) ;; *) fail "the installed webhook serve printed: ${listening:-nothing}" ;; esac
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

coproc EMU { exec "$emulator" --port 0 2>"$scratch/emulator.err"; }
emulator_pid=$EMU_PID  # bash unsets EMU_PID as soon as it sees the process end
read -r -t 30 port <&"${EMU[0]}" || fail "the installed tether-emulator printed no port: $(cat "$scratch/emulator.err")"
if [ -n "${port:-}" ]; then
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_emulator/counters")
  [ "$status" = 200 ] || fail "the installed tether-emulator answered $status to its control API"
  out=$(TETHER_CLIENT_SECRET=tether-test-secret "$tether" --manifest "$manifest" --set client_id=tether-test-client \
        --set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize" \
        authorize-url 2>&1) || fail "the installed tether's authorize-url against the installed emulator: $out"
fi
kill "$emulator_pid" 2>/dev/null
wait "$emulator_pid" 2>/dev/null
rc=$?
[ "$rc" -eq 0 ] || fail "tether-emulator did not stop cleanly on SIGTERM (exit $rc)"

if [ "$failures" -eq 0 ]; then echo "installed programs: all ran"; exit 0; fi
echo "installed programs: $failures failure(s)"; exit 1
