#!/usr/bin/env bash
# `tether doctor` and the raw attempts of `tether call` against tether-emulator: a failed call prints its
# attempts in raw form and a reproduce line that, run with curl and TETHER_ACCESS_TOKEN set to the
# connection's token, gives the same status; doctor exits 0 healthy and 1 on a finding; and nothing doctor
# prints, at any log level, holds more than the last 6 characters of a secret.
# Usage: doctor_cli_test.sh <tether> <tether-emulator> <manifest> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
unset TETHER_ACCESS_TOKEN

coproc EMU { exec "$emulator" --port 0 2>/dev/null; }
read -r port <&"${EMU[0]}"
trap 'kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null' EXIT
ctl() { curl -s -X "$1" "http://127.0.0.1:$port/_emulator/$2" ${3:+-d "$3"}; }
export TETHER_CLIENT_SECRET=tether-test-secret
db=$scratch/tether.db
t() { "$tether" --manifest "$manifest" --store "sqlite:$db" --connection main "$@"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
# Every secret the store holds now (access and refresh tokens), one a line, added to secrets.txt.
collect_secrets() {
  python3 - "$db" >>"$scratch/secrets.txt" <<'PY'
import json, sqlite3, sys
for (data,) in sqlite3.connect(sys.argv[1]).execute("SELECT data FROM tether_records"):
    record = json.loads(data)
    for name in ("access_token", "refresh_token"):
        if record.get(name): print(record[name])
PY
}
access_token() {
  python3 - "$db" <<'PY'
import json, sqlite3, sys
(data,) = sqlite3.connect(sys.argv[1]).execute("SELECT data FROM tether_records WHERE connection_id = 'main'").fetchone()
print(json.loads(data)["access_token"])
PY
}
echo "$TETHER_CLIENT_SECRET" >"$scratch/secrets.txt"

url=$(t --set client_id=tether-test-client --set base_url="http://127.0.0.1:$port/2.0" \
        --set authorize_url="http://127.0.0.1:$port/b/authorize" authorize-url 2>/dev/null | json 'd["body"]["authorize_url"]')
callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
t authorize --callback "$callback" >/dev/null 2>&1 || fail "authorizing"
collect_secrets
token=$(access_token)

# A failed call: the raw attempts and a reproduce line, on stdout (JSON) and stderr.
for case in "2004 403 5" "999999 404 7"; do
  set -- $case
  sheet=$1 status=$2 exit_code=$3
  out=$(t call sheets.get --param sheetId="$sheet" 2>"$scratch/stderr"); rc=$?
  [ "$rc" -eq "$exit_code" ] || fail "call sheet $sheet: exit $rc, expected $exit_code"
  first=$(echo "$out" | json 'json.dumps(d["attempts"][0])')
  [ "$(echo "$first" | json 'd["method"]')" = GET ] || fail "attempt without method: $first"
  [ "$(echo "$first" | json 'd["url"]')" = "http://127.0.0.1:$port/2.0/sheets/$sheet" ] || fail "attempt url: $first"
  [ "$(echo "$first" | json 'd["credential"]')" = "bearer …${token: -6}" ] || fail "attempt credential: $first"
  [ "$(echo "$first" | json 'd["record_version"] > 0 and d["request_bytes"] == 0 and "date" in d and "duration_ms" in d')" = True ] ||
    fail "attempt's record version, size, date or duration: $first"
  line=$(echo "$out" | json 'd["reproduce"]')
  case "$line" in curl\ *) ;; *) fail "no reproduce line: $out" ;; esac
  grep -q "reproduce it where the platform runs" "$scratch/stderr" || fail "no reproduce line on stderr: $(cat "$scratch/stderr")"
  got=$(TETHER_ACCESS_TOKEN=$token bash -c "$line -o /dev/null -w '%{http_code}'")
  [ "$got" = "$status" ] || fail "the reproduce line gave HTTP $got, the call $status: $line"
done

# doctor: healthy exits 0; a finding exits 1 with the verdict and first action on stderr; usage errors exit 2.
t doctor >"$scratch/out" 2>"$scratch/stderr"; rc=$?
[ "$rc" -eq 0 ] || fail "doctor on a healthy connection: exit $rc: $(cat "$scratch/out" "$scratch/stderr")"
[ "$(json 'd["verdict"]' <"$scratch/out")" = healthy ] || fail "healthy verdict: $(cat "$scratch/out")"
t doctor --operation sheets.get --param sheetId=2004 >"$scratch/out" 2>"$scratch/stderr"; rc=$?
[ "$rc" -eq 1 ] || fail "doctor on an unshared sheet: exit $rc"
[ "$(json 'd["verdict"]' <"$scratch/out")" = permission ] || fail "permission verdict: $(cat "$scratch/out")"
grep -q "first action: .*share sheet 2004" "$scratch/stderr" || fail "first action on stderr: $(cat "$scratch/stderr")"
t doctor --param sheetId=1 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--param without --operation is a usage error"
t doctor --result "$scratch/no-such-file" >/dev/null 2>&1; [ $? -eq 2 ] || fail "an unreadable --result is a usage error"

# A recorded result whose attempt went out without a credential: the platform.
t call sheets.get --param sheetId=2004 2>/dev/null |
  python3 -c 'import json, sys; d = json.load(sys.stdin); d["attempts"][0]["credential"] = "none"; print(json.dumps(d))' \
  >"$scratch/recorded.json"
t doctor --result "$scratch/recorded.json" >"$scratch/out" 2>/dev/null; rc=$?
[ "$rc" -eq 1 ] && [ "$(json 'd["verdict"]' <"$scratch/out")" = platform ] || fail "platform verdict: exit $rc $(cat "$scratch/out")"

# No secret at any log level, across verdicts that refresh and revoke.
: >"$scratch/all-output"
for level in off error warn info debug trace; do
  t --log-level "$level" doctor >>"$scratch/all-output" 2>&1
  t --log-level "$level" doctor --operation sheets.get --param sheetId=2004 >>"$scratch/all-output" 2>&1
done
ctl PUT lifetimes '{"adminLifetimeSeconds":60}' >/dev/null
ctl POST clock/advance '{"seconds":120}' >/dev/null
t --log-level trace doctor >"$scratch/out" 2>>"$scratch/all-output"; cat "$scratch/out" >>"$scratch/all-output"
[ "$(json 'd["verdict"]' <"$scratch/out")" = admin_lifetime ] || fail "admin_lifetime verdict: $(cat "$scratch/out")"
collect_secrets
ctl POST tokens/revoke '{"userId":1001}' >/dev/null
for level in off error warn info debug trace; do t --log-level "$level" doctor >>"$scratch/all-output" 2>&1; done
grep -q '"verdict":"revoked"' "$scratch/all-output" || fail "no revoked verdict after the revoke"
grep -q 'TRACE\|trace\|DEBUG\|debug' "$scratch/all-output" || fail "no log line at trace level was captured"
while read -r secret; do
  [ -n "$secret" ] || continue
  grep -qF -- "$secret" "$scratch/all-output" && fail "doctor printed a full secret ending in ${secret: -6}"
done <"$scratch/secrets.txt"

if [ "$failures" -eq 0 ]; then echo "doctor CLI: all held"; exit 0; fi
echo "doctor CLI: $failures failure(s)"; exit 1
