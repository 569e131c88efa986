#!/usr/bin/env bash
# A `tether` without its helper program or its PostgreSQL module (a partial install) says what it looked for and
# where, and exits with its documented code: `webhook serve` exits 1 naming tether-webhook-serve, a postgresql://
# store exits 8 naming tether-cli-postgresql.so. Every other command still runs.
# Usage: missing_helpers_test.sh <tether> <manifest> <scratch dir>
set -uo pipefail
tether=$1 manifest=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/bin"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A copy of tether alone in a directory: its build RPATH still finds libtether, but nothing is next to it.
cp "$tether" "$scratch/bin/tether"
lonely=$scratch/bin/tether

out=$("$lonely" version 2>&1) || fail "tether alone does not run: $out"

out=$("$lonely" --manifest "$manifest" --store "sqlite:$scratch/t.db" webhook serve --port 0 2>&1)
rc=$?
[ "$rc" -eq 1 ] || fail "webhook serve without its helper exited $rc, not 1: $out"
for expected in "cannot start the helper program tether-webhook-serve" "$scratch/bin/tether-webhook-serve" \
                "$scratch/bin/../libexec/tether/tether-webhook-serve"; do
  case "$out" in *"$expected"*) ;; *) fail "webhook serve without its helper does not say '$expected': $out" ;; esac
done

out=$("$lonely" --manifest "$manifest" --store "postgresql://nobody:pw-123456@127.0.0.1:1/none" connections 2>&1)
rc=$?
[ "$rc" -eq 8 ] || fail "a postgresql:// store without the module exited $rc, not 8: $out"
for expected in "cannot find the module tether-cli-postgresql.so" "$scratch/bin/tether-cli-postgresql.so"; do
  case "$out" in *"$expected"*) ;; *) fail "a postgresql:// store without the module does not say '$expected': $out" ;; esac
done
case "$out" in *pw-123456*) fail "the store's password appears in the message" ;; esac

[ "$failures" -eq 0 ] && echo "missing helpers: all cases pass"
exit "$failures"
