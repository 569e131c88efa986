#!/usr/bin/env bash
# What is not a manifest, or is far too large, is refused quickly and in bounded memory: under a 1 GiB
# address-space limit, each command exits 2 within 5 s (a hang detector, not a timing) with a message that
# names the file and says why — never bad_alloc or an internal error. Not run under sanitizers, whose
# shadow memory does not fit the limit.
# Usage: bounded_input_test.sh <tether> <manifest> <scratch dir>
set -uo pipefail
tether=$1 manifest=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
printf ',' >"$scratch/comma.yaml"
failures=0

expect_refusal() {  # expect_refusal <file named in the message> <phrase> -- command...
  local file=$1 phrase=$2 out rc
  shift 3
  out=$(ulimit -v 1048576 && timeout 5 "$@" 2>&1)
  rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "FAIL: '$*' exited $rc, expected 2 (124: still running after 5 s): $out"
  elif [[ "$out" != *"$file"* || "$out" != *"$phrase"* ]]; then
    echo "FAIL: '$*' should name '$file' and say '$phrase', said: $out"
  elif [[ "$out" == *"bad_alloc"* || "$out" == *"internal error"* ]]; then
    echo "FAIL: '$*' ran out of memory or failed inside: $out"
  else
    echo "ok: $*: $out"
    return
  fi
  failures=$((failures + 1))
}

expect_refusal /dev/zero "larger than 4194304 bytes" -- "$tether" --manifest /dev/zero validate
expect_refusal "$scratch/comma.yaml" "not a manifest" -- "$tether" --manifest "$scratch/comma.yaml" validate
expect_refusal /dev/zero "larger than 16 MiB" -- env TETHER_CLIENT_SECRET=secret-for-bounded-input "$tether" \
  --manifest "$manifest" --store memory: --set client_id=bounded-client --set redirect_uri=http://127.0.0.1:9/cb \
  call sheets.list --body @/dev/zero

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
