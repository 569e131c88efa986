#!/usr/bin/env bash
# The example extensions from a shell, as a plugin author tries them: `tether --extension` (repeatable) with the
# example manifest against tether-emulator — validate lists the contributions, rows.upsert adds then updates a
# row (the correlation hook's header reaching the emulator), the C extension's code operation and response
# hook work, and a manifest naming an extension that is not loaded is refused at file:line:col.
# Usage: extension_cli_test.sh <tether> <tether-emulator> <rows_upsert.so> <c_whoami.so> <manifest>
#                              <emulator_session.sh> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 rows_upsert=$3 c_whoami=$4 example_manifest=$5 session=$6 scratch=$7
rm -rf "$scratch" && mkdir -p "$scratch"
# shellcheck source=tests/cli/emulator_session.sh
source "$session"
start_emulator
export TETHER_CLIENT_SECRET=tether-test-secret
store=sqlite:$scratch/tether.db

# The example manifest plus two operations of the C extension (operations is the manifest's last section).
manifest=$scratch/manifest.yaml
cat "$example_manifest" - >"$manifest" <<'YAML'
  users.whoami:
    extension: users.whoami
  users.me_wrapped:
    method: GET
    path: /users/me
    hooks: {response: [stamp_user]}
YAML
run() { "$tether" --store "$store" --extension "$rows_upsert" --extension "$c_whoami" --manifest "$manifest" "$@"; }

expect 0 "validate with both extensions" -- run validate
echo "$out" | grep -q '^extension smartsheet_rows (' || fail "validate lists no smartsheet_rows: $out"
signature='^  operation rows.upsert(sheetId\*: integer, column\*: string, value\*: string, cells\*: string)'
echo "$out" | grep -q "$signature" || fail "validate lists no rows.upsert with its parameters: $out"
echo "$out" | grep -q '^  request hook correlation_id$' || fail "validate lists no correlation_id: $out"
echo "$out" | grep -q '^  response hook stamp_user$' || fail "validate lists no stamp_user: $out"

expect 2 "validate without the extensions" -- "$tether" --manifest "$example_manifest" validate
unresolved="operation 'rows.upsert' names code operation 'rows.upsert', which no loaded extension offers"
grep -q "smartsheet_rows_upsert.yaml:[0-9]*:[0-9]*: $unresolved" "$scratch/stderr" ||
  fail "missing extension not reported at file:line:col: $(cat "$scratch/stderr")"
expect 2 "a path that is not an extension" -- \
  "$tether" --extension "$scratch/nothing.so" --manifest "$manifest" validate
grep -q "nothing.so" "$scratch/stderr" || fail "the unloadable path is not named: $(cat "$scratch/stderr")"

expect 0 "authorize-url" -- run --set client_id=tether-test-client --set redirect_uri=https://example.com/cb \
  --set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize" authorize-url
callback=$(consent "$out")
expect 0 "authorize" -- run authorize --callback "$callback"

expect 0 "rows.upsert adds a row" -- run call rows.upsert --param sheetId=2001 --param column=Primary \
  --param value=Retrospective --param 'cells={"Status":"Planned"}'
echo "$out" | grep -q '"action":"added"' || fail "rows.upsert did not add: $out"
expect 0 "rows.upsert updates it" -- run call rows.upsert --param sheetId=2001 --param column=Primary \
  --param value=Retrospective --param 'cells={"Status":"Done"}'
echo "$out" | grep -q '"action":"updated"' || fail "rows.upsert did not update: $out"
expect 0 "the sheet" -- run call sheets.get --param sheetId=2001
echo "$out" | grep -q '"value":"Retrospective","displayValue":"Retrospective"},{"columnId":20012,"value":"Done"' ||
  fail "the row is not as upserted: $out"
expect 6 "rows.upsert without its required parameters" -- run call rows.upsert --param sheetId=2001
echo "$out" | grep -q "\"params_invalid\".*missing required parameter 'value'" ||
  fail "missing parameters not named: $out"

requests=$(curl -s "http://127.0.0.1:$port/_emulator/requests")
correlated=$(echo "$requests" | grep -o '"X-Correlation-Id":"tether-[0-9a-f]*"' | sort -u | wc -l)
[ "$correlated" -eq 4 ] || fail "expected 4 distinct correlation ids (2 upserts x 2 requests), got $correlated"

expect 0 "the C extension's code operation" -- run call users.whoami
echo "$out" | grep -q '"email":"demo@example.com"' || fail "users.whoami: $out"
expect 0 "the C extension's response hook" -- run call users.me_wrapped
echo "$out" | grep -q '"body":{"user":{' || fail "users.me_wrapped is not wrapped: $out"

if [ "$failures" -eq 0 ]; then echo "extension CLI: all steps behaved"; exit 0; fi
echo "extension CLI: $failures failure(s)"; exit 1
