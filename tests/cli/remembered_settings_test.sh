#!/usr/bin/env bash
# The README's example against tether-emulator, as a builder types it: settings given once with authorize-url,
# then `authorize --callback`, `call` and `refresh --force` with only the manifest and TETHER_CLIENT_SECRET,
# on the default store in the user's data directory. Then `tether settings` (remembered values, the secret as
# its last 6 characters, --unset) and `tether connections`.
# Usage: remembered_settings_test.sh <tether> <tether-emulator> <manifest> <scratch dir>
set -uo pipefail
tether=$1 emulator=$2 manifest=$3 scratch=$4
rm -rf "$scratch" && mkdir -p "$scratch/cwd"
# shellcheck source=tests/cli/emulator_session.sh
source "$(dirname "$0")/emulator_session.sh"
cd "$scratch/cwd" || exit 1
export XDG_DATA_HOME=$scratch/data
start_emulator

export TETHER_CLIENT_SECRET=tether-test-secret
# The README's three lines (plus the emulator's URLs on the first), then refresh --force.
expect 0 "authorize-url with the settings" -- "$tether" --manifest "$manifest" --set client_id=tether-test-client \
  --set redirect_uri=https://example.com/cb authorize-url --set base_url="http://127.0.0.1:$port/2.0" \
  --set authorize_url="http://127.0.0.1:$port/b/authorize"
callback=$(consent "$out")
expect 0 "authorize --callback with only the manifest" -- "$tether" --manifest "$manifest" authorize --callback "$callback"
expect 0 "call with only the manifest" -- "$tether" --manifest "$manifest" call sheets.get --param sheetId=2001
echo "$out" | grep -q '"http_status":200' || fail "call output: $out"
expect 0 "refresh --force with only the manifest" -- "$tether" --manifest "$manifest" refresh --force
echo "$out" | grep -q '"status":"ok"' || fail "refresh output: $out"
[ -f "$scratch/data/tether/tether.db" ] || fail "the default store is not in \$XDG_DATA_HOME/tether"
[ -z "$(ls -A "$scratch/cwd")" ] || fail "files were created in the current directory: $(ls -A "$scratch/cwd")"

# tether settings: the remembered values, the secret from the environment only as its last 6 characters.
expect 0 "settings" -- "$tether" --manifest "$manifest" settings
echo "$out" | grep -q '"client_id":"tether-test-client"' || fail "settings lacks client_id: $out"
echo "$out" | grep -q '"client_secret":"…secret (from TETHER_CLIENT_SECRET)"' || fail "settings' secret: $out"
echo "$out" | grep -q 'tether-test-secret' && fail "settings shows the whole secret: ${out//tether-test-secret/…secret}"
sqlite3_dump=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select group_concat(data) from tether_records").fetchone()[0])' "$scratch/data/tether/tether.db")
case "$sqlite3_dump" in *tether-test-secret*) fail "the client secret was stored" ;; esac

# A new --set updates what is remembered; --unset forgets one.
expect 0 "settings --set" -- "$tether" --manifest "$manifest" settings --set region=eu
echo "$out" | grep -q '"region":"eu"' || fail "settings --set region: $out"
expect 0 "settings --unset" -- "$tether" settings --unset region
echo "$out" | grep -q '"region"' && fail "settings --unset region left it: $out"
expect 0 "a call after --unset" -- "$tether" --manifest "$manifest" call users.me

# Another connection, completed with the callback URL on standard input (kept out of ps).
expect 0 "authorize-url for a second connection" -- "$tether" --manifest "$manifest" --connection second \
  --set client_id=tether-test-client --set redirect_uri=https://example.com/cb \
  --set base_url="http://127.0.0.1:$port/2.0" --set authorize_url="http://127.0.0.1:$port/b/authorize" authorize-url
callback=$(consent "$out")
out=$(echo "$callback" | "$tether" --manifest "$manifest" authorize --connection second --callback - 2>"$scratch/stderr")
[ $? -eq 0 ] || fail "authorize --callback - : $out $(cat "$scratch/stderr")"
expect 0 "a call on the second connection" -- "$tether" --manifest "$manifest" --connection second call users.me

# The grant of the second connection is revoked at the provider: the CLI says so, and what to do.
curl -s -X POST "http://127.0.0.1:$port/_emulator/tokens/revoke" -d '{"userId":1001}' >/dev/null
expect 3 "a call after the grant was revoked" -- "$tether" --manifest "$manifest" --connection second call users.me
grep -q 'the grant was revoked at the provider (by the user, an admin or `tether revoke`; tether found out on ' \
  "$scratch/stderr" || fail "revoked message: $(cat "$scratch/stderr")"
grep -q 'run `tether authorize-url` to reconnect' "$scratch/stderr" || fail "revoked advice: $(cat "$scratch/stderr")"

# tether connections: both, with their state.
expect 0 "connections" -- "$tether" --manifest "$manifest" connections
echo "$out" | grep -q '{"connection_id":"default","state":"healthy"' || fail "connections, default: $out"
echo "$out" | grep -q '{"connection_id":"second","state":"reconnect_required","reason":"revoked"' ||
  fail "connections, second: $out"

# A person at a terminal (a pseudo-terminal from script(1)) gets indented JSON and a line per connection.
if command -v script >/dev/null; then
  on_terminal() { script -qec "$(printf '%q ' "$@")" /dev/null | tr -d '\r'; }
  shown=$(on_terminal "$tether" --manifest "$manifest" health)
  echo "$shown" | grep -q '^  "state": "healthy",$' || fail "health on a terminal is not indented: $shown"
  shown=$(on_terminal "$tether" --manifest "$manifest" connections)
  echo "$shown" | grep -q '^second  *reconnect_required (revoked): the grant was revoked' ||
    fail "connections on a terminal: $shown"
  piped=$("$tether" --manifest "$manifest" health 2>/dev/null)
  [ "$(echo "$piped" | wc -l)" -eq 1 ] || fail "health into a pipe is not one line: $piped"
fi

if [ "$failures" -eq 0 ]; then echo "remembered settings: all steps behaved"; exit 0; fi
echo "remembered settings: $failures failure(s)"; exit 1
