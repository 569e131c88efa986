#!/usr/bin/env bash
# The `tether` CLI against a running tether-emulator: every command, its JSON output and its exit code.
# Usage: cli_story_test.sh <tether> <tether-emulator> <manifest> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The redirect URI points at a free local port, so that `authorize --listen` can receive the redirect.
lport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redirect="http://127.0.0.1:$lport/callback"
coproc EMU { exec "$emulator" --port 0 --redirect-uri "$redirect" --client-credentials-user 1001 2>/dev/null; }
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
        --set client_id=tether-test-client --set redirect_uri="$redirect" \
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
case "$callback" in "$redirect"\?code=*) ;; *) fail "no code in the redirect: $callback" ;; esac
expect 0 "authorize --callback" -- t authorize --callback "$callback"

# authorize --code/--state: a state tether never issued is refused (exit 3) before any token request.
expect 3 "authorize --code with a foreign state" -- t authorize --code abc --state not-issued
echo "$out" | grep -q '"reason":"state_mismatch"' || fail "state_mismatch expected: $out"

# authorize --listen: tether waits for the browser's redirect on the local port, then completes.
t --connection listened authorize --listen "$lport" >"$scratch/listen.json" 2>"$scratch/listen.err" &
listener=$!
for _ in $(seq 50); do grep -q "http://127.0.0.1:$port/b/authorize" "$scratch/listen.err" 2>/dev/null && break; sleep 0.1; done
listen_url=$(grep -o "http://127.0.0.1:$port/b/authorize[^ ]*" "$scratch/listen.err" | head -n1)
[ -n "$listen_url" ] || fail "authorize --listen printed no URL: $(cat "$scratch/listen.err")"
# Before the redirect: an idle connection, a stray probe, a wrong path and a redirect path without a state are
# answered 404 (the idle one is left open), and the listener keeps waiting.
exec {idle}<>"/dev/tcp/127.0.0.1/$lport"
for stray in "/" "/?probe=1" "/elsewhere?code=abc&state=xyz" "/callback?code=abc" "/callback"; do
  got=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$lport$stray")
  [ "$got" = 404 ] || fail "authorize --listen answered $got to $stray, expected 404"
done
kill -0 "$listener" 2>/dev/null || fail "authorize --listen stopped at a stray request: $(cat "$scratch/listen.err")"
curl -s -L -o /dev/null "$listen_url"   # the "browser": consent, then the redirect to the listener
wait "$listener"; rc=$?
exec {idle}>&-
[ "$rc" -eq 0 ] || fail "authorize --listen exited $rc: $(cat "$scratch/listen.json" "$scratch/listen.err")"
grep -q '"status":"ok"' "$scratch/listen.json" || fail "authorize --listen output: $(cat "$scratch/listen.json")"

# Nothing arrives: the wait ends at its deadline (--timeout, in seconds, for the whole wait) with exit 4.
expect 4 "authorize --listen with nothing arriving" -- t --connection unanswered authorize --listen "$lport" --timeout 1
grep -q "no authorization redirect reached 127.0.0.1:$lport/callback" "$scratch/stderr" ||
  fail "the deadline's message: $(cat "$scratch/stderr")"
expect 2 "--timeout without --listen" -- t authorize --code abc --state xyz --timeout 5

# A grant never goes to an origin it was not issued for: another base_url is reconnect required (exit 3).
expect 3 "a grant sent to another origin" -- t --set base_url="http://127.0.0.1:1/2.0" call users.me
echo "$out" | grep -q '"reason":"origin_changed"' || fail "origin_changed expected: $out"

# health, as JSON and as Prometheus.
expect 0 "health" -- t health
echo "$out" | grep -q '"state":"healthy"' || fail "health state: $out"
expect 0 "health --probe" -- t health --probe
echo "$out" | grep -q '"user_id":"1001"' || fail "health probe: $out"
expect 0 "health --format prometheus" -- t health --format prometheus
echo "$out" | grep -q '^# TYPE tether_calls_total counter' || fail "prometheus: $out"
expect 2 "health --format yaml" -- t health --format yaml

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

# revoke --all: the provider revokes every token of the app for the user, another connection's too.
for conn in first second; do
  expect 0 "authorize-url ($conn)" -- t --connection "$conn" authorize-url
  url=$(echo "$out" | sed -n 's/.*"authorize_url":"\([^"]*\)".*/\1/p')
  callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
  expect 0 "authorize ($conn)" -- t --connection "$conn" authorize --callback "$callback"
done
expect 2 "revoke with an unknown option" -- t --connection first revoke --everything
expect 0 "a call on the second connection" -- t --connection second call users.me
expect 0 "revoke --all" -- t --connection first revoke --all
expect 3 "the second connection after revoke --all" -- t --connection second call users.me

# A damaged record in the store: a storage error (exit 8), and the record is left as it was.
python3 - "$scratch/tether.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE tether_records SET data = '{\"schema\":1,\"state\":\"authorized\",\"access_token\":7}' WHERE connection_id = 'default'")
db.commit()
PY
expect 8 "a damaged stored record" -- t call users.me
echo "$out" | grep -q '"reason":"record_unreadable"' || fail "record_unreadable expected: $out"

# connect-token: API access tokens, for a manifest with auth.type api_token.
api_manifest=$(dirname "$manifest")/../tests/auth/fixtures/smartsheet_api_token.yaml
token=$(ctl POST tokens '{"userId":1001,"scopes":["READ_SHEETS"]}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
a() { env -u TETHER_CLIENT_SECRET "$tether" --manifest "$api_manifest" --store "sqlite:$scratch/api.db" --set base_url="http://127.0.0.1:$port/2.0" "$@"; }
expect 2 "connect-token without TETHER_ACCESS_TOKEN" -- a connect-token
TETHER_ACCESS_TOKEN=$token expect 0 "connect-token" -- a connect-token
expect 0 "a call with the API access token" -- a call users.me

# The shipped Smartsheet manifest accepts an API access token beside OAuth 2.0, with no client credentials; once
# the token is revoked the call is reconnect_required (api_token_invalid), and nothing asks the token endpoint.
count_token_requests() {
  ctl GET counters | grep -o '"endpoint":"POST /2.0/token","grantType":"[^"]*","count":[0-9]*' |
    grep -o '[0-9]*$' | awk '{ n += $1 } END { print n + 0 }'
}
token=$(ctl POST tokens '{"userId":1001,"scopes":["READ_SHEETS"]}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
s() { env -u TETHER_CLIENT_SECRET "$tether" --manifest "$manifest" --store "sqlite:$scratch/token.db" \
        --set base_url="http://127.0.0.1:$port/2.0" "$@"; }
TETHER_ACCESS_TOKEN=$token expect 0 "connect-token with the Smartsheet manifest" -- s connect-token
expect 0 "a call with that API access token" -- s call users.me
token_requests=$(count_token_requests)
ctl POST tokens/revoke "{\"token\":\"$token\"}" >/dev/null
expect 3 "a call with the revoked API access token" -- s call users.me
echo "$out" | grep -q '"reason":"api_token_invalid"' || fail "api_token_invalid expected: $out"
[ "$(count_token_requests)" = "$token_requests" ] || fail "an API access token made a token request"

# connect-client: a client credentials connection (the secret from TETHER_CLIENT_SECRET), then a call with it.
cc_manifest=$(dirname "$manifest")/../tests/auth/fixtures/emulator_client_credentials.yaml
m() { "$tether" --manifest "$cc_manifest" --store "sqlite:$scratch/client.db" --set client_id=tether-test-client \
        --set base_url="http://127.0.0.1:$port/2.0" --set auth_method=reader "$@"; }
expect 2 "connect-client with an option" -- m connect-client --now
expect 0 "connect-client" -- m connect-client
echo "$out" | grep -q '"auth_method":"reader"' || fail "connect-client JSON: $out"
expect 0 "a call with the client credentials token" -- m call users.me

# A broken store path is a usage error, a missing manifest too.
expect 2 "a bad store URI" -- "$tether" --manifest "$manifest" --store "nosuch:x" call users.me
expect 2 "a missing manifest" -- "$tether" --manifest "$scratch/none.yaml" --store memory: call users.me

if [ "$failures" -eq 0 ]; then echo "cli story: all steps behaved"; exit 0; fi
echo "cli story: $failures failure(s)"; exit 1
