#!/usr/bin/env bash
# Health shared by separate processes, and records sealed at rest, as an operator sees them from a shell:
#  1. three `tether call` processes each get 403 on the unshared sheet 2004; a fourth `tether health` names that
#     sheet and points at sharing, in JSON and in valid Prometheus text;
#  2. with TETHER_RECORD_KEY set, after authorize, calls and a forced refresh, no issued token is in the store
#     file; the same store without the key (or with another key) exits 8 and makes no token request.
# Usage: fleet_health_and_sealed_store_test.sh <tether> <tether-emulator> <manifest> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch"
# shellcheck source=tests/cli/emulator_session.sh
source "$(dirname "$0")/emulator_session.sh"
start_emulator
connect() {  # connect <store dir>: authorize-url, the consent page, authorize --callback
  export XDG_DATA_HOME=$1
  expect 0 "authorize-url" -- "$tether" --manifest "$manifest" --set client_id=tether-test-client \
    --set redirect_uri=https://example.com/cb authorize-url --set base_url="http://127.0.0.1:$port/2.0" \
    --set authorize_url="http://127.0.0.1:$port/b/authorize"
  expect 0 "authorize --callback" -- "$tether" --manifest "$manifest" authorize --callback "$(consent "$out")"
}
token_requests() {
  curl -s "http://127.0.0.1:$port/_emulator/counters" |
    python3 -c 'import json,sys; print(sum(c["count"] for c in json.load(sys.stdin)["counters"] if "token" in c["endpoint"]))'
}
export TETHER_CLIENT_SECRET=tether-test-secret

# ---- 1. health shared by separate processes ----
connect "$scratch/shared"
for i in 1 2 3; do
  expect 5 "call $i on the unshared sheet 2004" -- "$tether" --manifest "$manifest" call sheets.get --param sheetId=2004
done
expect 0 "health from a fourth process" -- "$tether" --manifest "$manifest" health
python3 - "$out" <<'PY' || fail "health JSON: $out"
import json, sys
doc = json.loads(sys.argv[1])
counts = doc["counters"]["forbidden_by_resource"]["sheet 2004"]
assert counts == {"window": 3, "total": 3}, counts
assert doc["counters"]["shared"] is True
findings = [f for f in doc["diagnosis"] if f["signal"] == "forbidden_resource"]
assert findings and "sheet 2004" in findings[0]["evidence"], doc["diagnosis"]
assert "shared with the connected user" in findings[0]["first_action"], findings[0]
assert doc["counters"]["operations"]["sheets.get"]["calls"]["total"] == 3, doc["counters"]["operations"]
PY
expect 0 "health --format prometheus from a fourth process" -- "$tether" --manifest "$manifest" health --format prometheus
echo "$out" | grep -q '^tether_forbidden_responses_total{connector="smartsheet",connection="default",resource="sheet 2004"} 3$' ||
  fail "prometheus lacks the 403s on sheet 2004: $out"
bad=$(echo "$out" | grep -Ev '^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+\{([a-z_]+="([^"\\]|\\.)*",?)*\} -?[0-9]+(\.[0-9]+)?)$')
[ -z "$bad" ] || fail "prometheus lines that are not valid text format: $bad"

# ---- 2. records sealed at rest ----
export TETHER_RECORD_KEY=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(32))).decode())')
connect "$scratch/sealed"
expect 0 "a call on the sealed store" -- "$tether" --manifest "$manifest" call sheets.get --param sheetId=2001
expect 0 "a forced refresh on the sealed store" -- "$tether" --manifest "$manifest" refresh --force
expect 0 "a call after the refresh" -- "$tether" --manifest "$manifest" call users.me
suffixes=$(curl -s "http://127.0.0.1:$port/_emulator/tokens" |
  python3 -c 'import json,sys; print("\n".join(t["suffix"] for t in json.load(sys.stdin)["tokens"]))')
[ -n "$suffixes" ] || fail "the emulator lists no issued token"
# The records as SQLite reads them (a record's bytes may straddle a page boundary of the file), and the files'
# raw bytes (the WAL and free pages may hold older versions).
records=$(python3 - "$scratch/sealed/tether" <<'PY'
import glob, sqlite3, sys
for path in glob.glob(sys.argv[1] + "/*.db"):
    for (data,) in sqlite3.connect(path).execute("SELECT data FROM tether_records"):
        print(data if isinstance(data, str) else bytes(data).decode("utf-8", "replace"))
PY
)
[ -n "$records" ] || fail "no record could be read from the sealed store"
for s in $suffixes; do
  if echo "$records" | grep -q -- "$s"; then fail "token …$s is readable in a sealed record"; fi
  if cat "$scratch/sealed/tether/"* | grep -aq -- "$s"; then fail "token …$s is readable in the sealed store's files"; fi
done
# (Not shown on failure: an unsealed record would show its tokens.)
echo "$records" | grep -q '"sealed":"aes-256-gcm"' || fail "the store holds no sealed record ($(echo "$records" | wc -l) records read)"

before=$(token_requests)
unset TETHER_RECORD_KEY
expect 8 "the sealed store without the key" -- "$tether" --manifest "$manifest" call users.me
grep -q "sealed with record key" "$scratch/stderr" || fail "the error does not say the record is sealed: $(cat "$scratch/stderr")"
expect 8 "a forced refresh without the key" -- "$tether" --manifest "$manifest" refresh --force
export TETHER_RECORD_KEY=$(python3 -c 'import base64; print(base64.b64encode(bytes(32)).decode())')
expect 8 "the sealed store with another key" -- "$tether" --manifest "$manifest" call users.me
[ "$(token_requests)" = "$before" ] || fail "a worker without the right key made token requests"
export TETHER_RECORD_KEY=not-base64
expect 2 "a malformed key" -- "$tether" --manifest "$manifest" call users.me
grep -q "TETHER_RECORD_KEY is not base64 of 32 bytes" "$scratch/stderr" || fail "malformed key message: $(cat "$scratch/stderr")"
# Rotation: a new current key, the old one as previous: reads, and the next write is sealed with the new key.
old_key=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(32))).decode())')
export TETHER_RECORD_KEY=$(python3 -c 'import base64; print(base64.b64encode(bytes(range(1, 33))).decode())')
export TETHER_RECORD_KEY_PREVIOUS=$old_key
expect 0 "a forced refresh after a rotation" -- "$tether" --manifest "$manifest" refresh --force
unset TETHER_RECORD_KEY_PREVIOUS
expect 0 "the rotated record opens with the new key alone" -- "$tether" --manifest "$manifest" call users.me

if [ "$failures" -ne 0 ]; then echo "$failures failure(s)"; exit 1; fi
echo "fleet health and sealed store: all checks passed"
