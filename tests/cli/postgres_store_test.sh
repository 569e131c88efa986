#!/usr/bin/env bash
# The CLI on a PostgreSQL store (--store postgresql://… and postgres://…) against tether-emulator: authorize,
# call and refresh --force keep the connection's record in the database, where another command finds it; an
# unreachable database is exit 8, and its message names the store but never the password.
# Usage: postgres_store_test.sh <tether> <tether-emulator> <manifest> <postgres fixture state dir> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 pg_state=$4 scratch=$5
rm -rf "$scratch" && mkdir -p "$scratch"
# shellcheck source=tests/cli/emulator_session.sh
source "$(dirname "$0")/emulator_session.sh"
base_uri=$(cat "$pg_state/uri" 2>/dev/null) ||
  { echo "FAIL: no PostgreSQL test server ($pg_state/uri): run through ctest (fixture postgres_server)"; exit 1; }
export XDG_DATA_HOME=$scratch/data  # a SQLite store created by mistake would land here

# A schema of this test's own on the shared test server.
schema=tether_test_cli_$$
psql -q "$base_uri" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null ||
  { echo "FAIL: cannot create schema $schema"; exit 1; }
store="$base_uri?options=-csearch_path%3D$schema"

start_emulator "psql -q \"$base_uri\" -c \"DROP SCHEMA IF EXISTS $schema CASCADE\" >/dev/null 2>&1"
t() { "$tether" --manifest "$manifest" --store "$store" "$@"; }

export TETHER_CLIENT_SECRET=tether-test-secret
expect 0 "authorize-url" -- t --set client_id=tether-test-client --set redirect_uri=https://example.com/cb \
  --set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize" authorize-url
callback=$(consent "$out")
expect 0 "authorize --callback" -- t authorize --callback "$callback"
expect 0 "call" -- t call sheets.get --param sheetId=2001
echo "$out" | grep -q '"http_status":200' || fail "call output: $out"
expect 0 "refresh --force" -- t refresh --force
echo "$out" | grep -q '"status":"ok"' || fail "refresh output: $out"

rows=$(psql -qtA "$base_uri" -c "SELECT count(*) FROM $schema.tether_records WHERE connection_id = 'default'")
[ "$rows" = 1 ] || fail "the connection's record is not in $schema.tether_records (rows: $rows)"
[ ! -e "$scratch/data/tether/tether.db" ] || fail "a SQLite store was created besides the PostgreSQL one"

# postgres:// names the same database.
expect 0 "connections through postgres://" -- "$tether" --manifest "$manifest" --store "postgres${store#postgresql}" connections
echo "$out" | grep -q 'default' || fail "connections through postgres:// did not list the connection: $out"

# Unreachable: exit 8, the store named, the password nowhere.
password=pw-$$-never-shown
expect 8 "an unreachable database" -- "$tether" --manifest "$manifest" \
  --store "postgresql://tether:$password@127.0.0.1:1/fleet?connect_timeout=5" connections
grep -q 'postgresql://tether@127.0.0.1:1/fleet' "$scratch/stderr" || fail "the message does not name the store: $(cat "$scratch/stderr")"
if grep -q "$password" "$scratch/stderr"; then fail "the password was printed on stderr"; fi
if echo "$out" | grep -q "$password"; then fail "the password was printed on stdout"; fi

[ "$failures" -eq 0 ] && echo "all PostgreSQL store CLI checks passed"
exit $((failures > 0))
