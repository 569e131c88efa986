#!/usr/bin/env bash
# `tether webhook verify` and `tether webhook serve`: one JSON object per request, the documented exit codes
# (0 accepted, 5 bad or missing signature, 6 not a webhook payload, 2 no secret known), and the secret never
# printed. The secret comes from TETHER_WEBHOOK_SECRET here (no webhook was created through this store).
# Usage: webhook_cli_test.sh <tether> <manifest> <scratch>
set -uo pipefail
tether=$1 manifest=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export XDG_DATA_HOME=$scratch/data
secret=cli-webhook-secret-7f3a9c2e1b
redacted=${secret: -6}
t() { "$tether" --manifest "$manifest" --store "sqlite:$scratch/tether.db" "$@"; }
sign() { python3 -c 'import hmac, hashlib, sys; print(hmac.new(sys.argv[1].encode(), sys.stdin.buffer.read(), hashlib.sha256).hexdigest())' "$1"; }

callback='{"nonce":"n-1","timestamp":"2026-01-01T00:00:00Z","webhookId":9000000001,"scope":"sheet","scopeObjectId":2001,"events":[{"objectType":"row","eventType":"created","id":7}]}'
printf '%s' "$callback" >"$scratch/callback.json"
good=$(printf '%s' "$callback" | sign "$secret")
bad=$(printf '%s' "$callback" | sign "another-secret")

# expect <exit code> <python check of the JSON on stdout, given as `v`> -- tether arguments...
expect() {
  local want=$1 check=$2; shift 3
  out=$(t "$@" 2>"$scratch/stderr" </dev/null); rc=$?
  [ "$rc" -eq "$want" ] || fail "webhook $*: exit $rc, expected $want; stdout: $out; stderr: $(cat "$scratch/stderr")"
  python3 -c "import json, sys; v = json.loads(sys.stdin.read()); assert isinstance(v, dict) and ($check), v" \
    <<<"$out" || fail "webhook $*: stdout fails '$check': $out"
  if grep -q -- "$secret" <<<"$out$(cat "$scratch/stderr")"; then fail "webhook $*: printed the secret …$redacted"; fi
}

export TETHER_WEBHOOK_SECRET=$secret
expect 0 'v["kind"] == "challenge" and v["response"]["headers"]["Smartsheet-Hook-Response"] == "abc"' -- \
  webhook verify --header 'Smartsheet-Hook-Challenge: abc' --body '{"challenge":"abc","webhookId":9000000001}'
expect 0 'v["status"] == "ok" and v["kind"] == "event" and v["event"]["events"][0]["eventType"] == "created"' -- \
  webhook verify --header "Smartsheet-Hmac-SHA256: $good" --body "@$scratch/callback.json"
expect 5 'v["status"] == "forbidden" and v["reason"] == "signature_mismatch" and v["response"]["status"] == 403' -- \
  webhook verify --header "Smartsheet-Hmac-SHA256: $bad" --body "@$scratch/callback.json"
expect 5 'v["reason"] == "signature_missing"' -- webhook verify --body "@$scratch/callback.json"
expect 6 'v["status"] == "bad_request" and v["reason"] == "not_webhook_payload"' -- \
  webhook verify --header "Smartsheet-Hmac-SHA256: $good" --body '{"hello":"world"}'
unset TETHER_WEBHOOK_SECRET
expect 2 'v["status"] == "config_error" and v["reason"] == "webhook_secret_unknown"' -- \
  webhook verify --header "Smartsheet-Hmac-SHA256: $good" --body "@$scratch/callback.json"

# Usage errors: no --body, an unknown sub-command.
t webhook verify >/dev/null 2>&1; [ $? -eq 2 ] || fail "webhook verify without --body must exit 2"
t webhook listen >/dev/null 2>&1; [ $? -eq 2 ] || fail "webhook listen must exit 2"

# serve: answers a challenge, prints the accepted event as one JSON line, refuses a forged callback with 403.
export TETHER_WEBHOOK_SECRET=$secret
mkfifo "$scratch/serve.fifo"
# Run directly (not through t), so that $! is the server itself.
"$tether" --manifest "$manifest" --store "sqlite:$scratch/tether.db" webhook serve --port 0 \
  >"$scratch/serve.out" 2>"$scratch/serve.fifo" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null' EXIT
exec 3<"$scratch/serve.fifo"
read -r listening <&3  # the first line says where it listens, once it does
cat <&3 >"$scratch/serve.err" &
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' <<<"$listening")
[ -n "$port" ] || fail "webhook serve did not say where it listens: $listening"
# tether ran its helper program in its own place (same process), and the helper, which holds the secret and the
# tokens while it serves, keeps them out of core files as tether does.
case "$(readlink "/proc/$serve_pid/exe")" in */tether-webhook-serve) ;;
  *) fail "webhook serve runs $(readlink "/proc/$serve_pid/exe"), not the helper tether-webhook-serve" ;; esac
core=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$serve_pid/limits")
[ "$core" = "0 0" ] || fail "tether-webhook-serve's core size limits are '$core', expected '0 0'"
echoed=$(curl -s -D - -o /dev/null -H 'Smartsheet-Hook-Challenge: xyz' -d '{"challenge":"xyz","webhookId":1}' \
  "http://127.0.0.1:$port/hook" | tr -d '\r' | sed -n 's/^Smartsheet-Hook-Response: //Ip')
[ "$echoed" = xyz ] || fail "webhook serve did not echo the challenge (got '$echoed')"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Smartsheet-Hmac-SHA256: $good" --data-binary "@$scratch/callback.json" \
  "http://127.0.0.1:$port/hook")
[ "$code" = 200 ] || fail "webhook serve answered $code to a signed callback"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Smartsheet-Hmac-SHA256: $bad" --data-binary "@$scratch/callback.json" \
  "http://127.0.0.1:$port/hook")
[ "$code" = 403 ] || fail "webhook serve answered $code to a forged callback"
kill "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null
exec 3<&-
wait  # the stderr copy ends with the server
[ "$(wc -l <"$scratch/serve.out")" -eq 1 ] || fail "webhook serve printed $(wc -l <"$scratch/serve.out") lines, not 1 event"
python3 -c 'import json, sys; assert json.loads(sys.stdin.read())["webhookId"] == 9000000001' <"$scratch/serve.out" ||
  fail "webhook serve's line is not the event: $(cat "$scratch/serve.out")"
grep -q "refused (signature_mismatch)" "$scratch/serve.err" || fail "webhook serve did not report the refusal"
if grep -q -- "$secret" "$scratch/serve.out" "$scratch/serve.err"; then fail "webhook serve printed the secret …$redacted"; fi

[ "$failures" -eq 0 ] && echo "webhook CLI: all cases pass"
exit "$failures"
