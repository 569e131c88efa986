#!/usr/bin/env bash
# The `tether` CLI against a running tether-emulator: every command, its JSON output and its exit code.
# Usage: cli_story_test.sh <tether> <tether-emulator> <manifest> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

coproc EMU { exec "$emulator" --port 0; }
read -r port <&"${EMU[0]}"
trap 'kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null' EXIT
ctl() { curl -s -X "$1" "http://127.0.0.1:$port/_emulator/$2" ${3:+-d "$3"}; }
count_refresh() {
  local n
  n=$(ctl GET counters | grep -o '"endpoint":"POST /2.0/token","grantType":"refresh_token","count":[0-9]*' | grep -o '[0-9]*$')
  echo "${n:-0}"
}

export TETHER_CLIENT_SECRET=tether-test-secret
t() { "$tether" --manifest "$manifest" --store "sqlite:$scratch/tether.db" \
        --set client_id=tether-test-client --set redirect_uri=http://127.0.0.1/callback \
        --set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize" "$@"; }
expect() {  # expect <exit code> <description> -- command...
  local want=$1 what=$2; shift 3
  out=$("$@" 2>"$scratch/stderr"); rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want; stdout: $out; stderr: $(cat "$scratch/stderr")"
}

# version, validate, usage
expect 0 "version" -- "$tether" version
expect 0 "validate" -- t validate
expect 2 "a usage error" -- t call
expect 2 "an unknown command" -- t frobnicate

# Never authorized: a human must authorize first.
expect 3 "call before authorizing" -- t call users.me
echo "$out" | grep -q '"status":"reconnect_required"' || fail "reconnect JSON: $out"

# authorize-url → the emulator's consent redirect → authorize --callback
expect 0 "authorize-url" -- t authorize-url
url=$(echo "$out" | sed -n 's/.*"authorize_url":"\([^"]*\)".*/\1/p')
callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
case "$callback" in http://127.0.0.1/callback\?code=*) ;; *) fail "no code in the redirect: $callback" ;; esac
expect 0 "authorize --callback" -- t authorize --callback "$callback"

expect 0 "call users.me" -- t call users.me
echo "$out" | grep -q '"http_status":200' || fail "call output: $out"
expect 0 "call sheets.get" -- t call sheets.get --param sheetId=2001
expect 5 "a sheet not shared with the user" -- t call sheets.get --param sheetId=2004
echo "$out" | grep -q '"status":"forbidden"' || fail "forbidden JSON: $out"
expect 7 "an unknown sheet" -- t call sheets.get --param sheetId=999999
expect 6 "an unknown parameter" -- t call sheets.get --param sheetId=2001 --param colour=blue
expect 0 "refresh --force" -- t refresh --force
[ "$(count_refresh)" -eq 1 ] || fail "one refresh expected, got $(count_refresh)"

# Two and eight concurrent processes across a forced expiry: one token request between them.
for n in 2 8; do
  before=$(count_refresh)
  ctl POST clock/advance '{"seconds":604800}' >/dev/null
  pids=()
  for i in $(seq "$n"); do t call users.me >"$scratch/concurrent-$i.json" 2>&1 & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || fail "a concurrent call failed: $(cat "$scratch"/concurrent-*.json)"; done
  after=$(count_refresh)
  [ $((after - before)) -eq 1 ] || fail "$n concurrent processes: $((after - before)) token requests, expected 1"
done

# Transient: the API is in maintenance for two minutes (longer than tether waits within one call).
ctl POST faults '{"kind":"error_status","path":"/2.0/users/me","status":503,"errorCode":4001,"times":-1,"retryAfterSeconds":120}' >/dev/null
expect 4 "maintenance" -- t call users.me
ctl DELETE faults >/dev/null

# The grant is revoked by the user: reconnect required, with the reason.
ctl POST tokens/revoke '{"userId":1001}' >/dev/null
expect 3 "a revoked grant" -- t call users.me
echo "$out" | grep -q '"reason":"revoked"' || fail "revoked reason: $out"
expect 0 "revoke" -- t revoke

# A broken store path is a usage error, a missing manifest too.
expect 2 "a bad store URI" -- "$tether" --manifest "$manifest" --store "nosuch:x" call users.me
expect 2 "a missing manifest" -- "$tether" --manifest "$scratch/none.yaml" --store memory: call users.me

if [ "$failures" -eq 0 ]; then echo "cli story: all steps behaved"; exit 0; fi
echo "cli story: $failures failure(s)"; exit 1
