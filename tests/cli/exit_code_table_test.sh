#!/usr/bin/env bash
# The CLI's exit-code contract as a table: each command with each status it can reach, against tether-emulator.
# Rows marked json print exactly one JSON object on stdout (the commands that promise one do, except on a usage
# error, where stdout stays empty).
# Usage: exit_code_table_test.sh <tether> <tether-emulator> <manifest> <api-token manifest> <broken manifest> <scratch>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 api_manifest=$4 broken=$5 scratch=$6
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0 rows=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export XDG_DATA_HOME=$scratch/data
unset TETHER_ACCESS_TOKEN

coproc EMU { exec "$emulator" --port 0 2>/dev/null; }
read -r port <&"${EMU[0]}"
trap 'kill "$EMU_PID" 2>/dev/null; wait "$EMU_PID" 2>/dev/null' EXIT
ctl() { curl -s -X "$1" "http://127.0.0.1:$port/_emulator/$2" ${3:+-d "$3"}; }
export TETHER_CLIENT_SECRET=tether-test-secret
store=sqlite:$scratch/tether.db
emu=(--set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize")
t() { "$tether" --manifest "$manifest" --store "$store" "$@"; }

# row <exit code> <json|text> -- tether arguments...
row() {
  local want=$1 kind=$2; shift 3
  rows=$((rows + 1))
  out=$("$tether" "$@" 2>"$scratch/stderr" </dev/null); rc=$?
  [ "$rc" -eq "$want" ] || fail "tether $*: exit $rc, expected $want; stdout: $out; stderr: $(cat "$scratch/stderr")"
  if [ "$kind" = json ]; then
    python3 -c 'import json, sys; assert isinstance(json.loads(sys.stdin.read()), dict)' <<<"$out" 2>/dev/null ||
      fail "tether $*: stdout is not one JSON object: $out"
  fi
  if [ "$want" -ne 0 ] && [ ! -s "$scratch/stderr" ]; then fail "tether $*: exit $want with nothing on stderr"; fi
}
authorize() {  # authorize <connection>: the whole flow, through the emulator's consent redirect
  local url callback
  url=$(t --connection "$1" --set client_id=tether-test-client "${emu[@]}" authorize-url 2>/dev/null |
        sed -n 's/.*"authorize_url":"\([^"]*\)".*/\1/p')
  callback=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
  t --connection "$1" authorize --callback "$callback" >/dev/null 2>&1 || fail "authorizing $1"
}
M=(--manifest "$manifest" --store "$store")

# Commands that open no store.
row 0 text -- version
row 2 text -- version extra
row 0 text -- help call
row 2 text -- help nosuch
row 2 text -- "${M[@]}" nosuch
row 0 text -- "${M[@]}" validate
row 2 text -- --manifest "$broken" validate
row 2 text -- "${M[@]}" --set client_secret=x validate

# settings and connections.
row 0 json -- "${M[@]}" settings
row 2 text -- "${M[@]}" settings --set client_secret=x
row 2 text -- "${M[@]}" settings --set colour=blue
row 8 text -- "${M[@]}" --store sqlite:/proc/no-such-dir/tether.db settings --set client_id=x
row 0 json -- "${M[@]}" connections
row 2 text -- --store "$store" connections

# authorize-url and authorize.
row 0 json -- "${M[@]}" --connection a --set client_id=tether-test-client "${emu[@]}" authorize-url
row 2 json -- "${M[@]}" --connection no-client authorize-url
row 8 text -- "${M[@]}" --store sqlite:/proc/no-such-dir/tether.db --set client_id=x authorize-url
row 2 text -- "${M[@]}" --connection a authorize
row 3 json -- "${M[@]}" --connection a authorize --code abc --state not-issued
lport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
row 4 json -- "${M[@]}" --connection a --set redirect_uri="http://127.0.0.1:$lport/callback" authorize --listen "$lport" --timeout 1
authorize main

# connect-token.
row 2 text -- "${M[@]}" connect-token
token=$(ctl POST tokens '{"userId":1001,"scopes":["READ_SHEETS"]}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
api=(--manifest "$api_manifest" --store "sqlite:$scratch/api.db" --set base_url="http://127.0.0.1:$port/2.0")
TETHER_ACCESS_TOKEN=$token row 0 json -- "${api[@]}" connect-token
TETHER_ACCESS_TOKEN=$token row 0 json -- "${M[@]}" --connection api-on-smartsheet "${emu[@]}" connect-token

# connect-client: the Smartsheet manifest declares no client credentials method.
row 2 json -- "${M[@]}" --connection cc connect-client

# call: every status.
row 0 json -- "${M[@]}" --connection main call users.me
row 2 text -- "${M[@]}" --connection main call
row 3 json -- "${M[@]}" --connection never --set client_id=tether-test-client "${emu[@]}" call users.me
row 5 json -- "${M[@]}" --connection main call sheets.get --param sheetId=2004
row 6 json -- "${M[@]}" --connection main call sheets.get --param sheetId=2001 --param colour=blue
row 7 json -- "${M[@]}" --connection main call sheets.get --param sheetId=999999
ctl POST faults '{"kind":"error_status","path":"/2.0/users/me","status":503,"errorCode":4001,"times":-1,"retryAfterSeconds":120}' >/dev/null
row 4 json -- "${M[@]}" --connection main call users.me
ctl DELETE faults >/dev/null

# doctor: 0 healthy, 1 for any other verdict, 2 for usage errors.
row 0 json -- "${M[@]}" --connection main doctor
row 1 json -- "${M[@]}" --connection main doctor --operation sheets.get --param sheetId=2004
row 1 json -- "${M[@]}" --connection never doctor
row 2 text -- "${M[@]}" --connection main doctor now
row 2 text -- "${M[@]}" --connection main doctor --param sheetId=2004
row 2 text -- "${M[@]}" --connection main doctor --result "$scratch/no-such-result.json"

# refresh, health, revoke.
row 0 json -- "${M[@]}" --connection main refresh --force
row 2 text -- "${M[@]}" --connection main refresh now
row 3 json -- "${M[@]}" --connection never refresh --force
row 0 json -- "${M[@]}" --connection main health
row 2 text -- "${M[@]}" --connection main health --format yaml
row 2 text -- "${M[@]}" --connection main revoke --everything
row 6 json -- "${api[@]}" revoke --all
row 0 json -- "${M[@]}" --connection main revoke
row 3 json -- "${M[@]}" --connection main call users.me

# A damaged record: a storage error.
python3 - "$scratch/tether.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE tether_records SET data = '{\"schema\":1,\"state\":\"authorized\",\"access_token\":7}' WHERE connection_id = 'main'")
db.commit()
PY
row 8 json -- "${M[@]}" --connection main call users.me
row 8 json -- "${M[@]}" --connection main refresh

if [ "$failures" -eq 0 ]; then echo "exit codes: all $rows rows held"; exit 0; fi
echo "exit codes: $failures failure(s) in $rows rows"; exit 1
