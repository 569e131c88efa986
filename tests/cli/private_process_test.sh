#!/usr/bin/env bash
# What the `tether` CLI keeps private while it runs, checked on a live process (`authorize --listen` waits):
# its default store ($XDG_DATA_HOME/tether/tether.db) and the store's -wal and -shm files are mode 0600 and its
# directory mode 0700 under a umask of 022 and of 0, its core size limit is 0, and it is not dumpable (its /proc entries then belong to root, not to the
# user it runs as: as root, the test runs tether as an unprivileged user to see the difference).
# Usage: private_process_test.sh <tether> <manifest> <scratch dir>
set -uo pipefail
tether=$1 manifest=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

run_as=() tether_uid=$(id -u)
if [ "$tether_uid" -eq 0 ]; then
  command -v setpriv >/dev/null || { echo "as root, this test needs setpriv to run tether unprivileged"; exit 1; }
  tether_uid=4321 run_as=(setpriv --reuid=4321 --regid=4321 --clear-groups)
  chmod 0777 "$scratch"
fi
export TETHER_CLIENT_SECRET=tether-test-secret

for mask in 022 000; do
  dir=$scratch/umask-$mask
  mkdir -p "$dir" && chmod 0777 "$dir"
  lport=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$dir" && umask "$mask" && XDG_DATA_HOME=$dir/data exec "${run_as[@]}" "$tether" --manifest "$manifest" --set client_id=tether-test-client \
     --set redirect_uri="http://127.0.0.1:$lport/callback" authorize --listen "$lport" --timeout 30) \
     >"$dir/out.json" 2>"$dir/err" &
  pid=$!
  for _ in $(seq 100); do grep -q "redirect_uri=" "$dir/err" 2>/dev/null && break; sleep 0.1; done
  state=$(grep -o 'state=[^&]*' "$dir/err" | head -n1 | cut -d= -f2)
  [ -n "$state" ] || fail "umask $mask: tether printed no authorize URL: $(cat "$dir/err")"

  for file in tether.db tether.db-wal tether.db-shm; do
    mode=$(stat -c %a "$dir/data/tether/$file" 2>/dev/null || echo missing)
    [ "$mode" = 600 ] || fail "umask $mask: $file is mode $mode while tether runs, expected 600"
  done
  mode=$(stat -c %a "$dir/data/tether" 2>/dev/null || echo missing)
  [ "$mode" = 700 ] || fail "umask $mask: the store's directory is mode $mode, expected 700"
  [ ! -e "$dir/tether.db" ] || fail "umask $mask: tether created tether.db in the current directory"
  core=$(awk '/^Max core file size/ {print $5, $6}' "/proc/$pid/limits")
  [ "$core" = "0 0" ] || fail "tether's core size limits are '$core', expected '0 0'"
  owner=$(stat -c %u "/proc/$pid/status")
  [ "$owner" != "$tether_uid" ] || fail "tether is dumpable: its /proc entries belong to the user it runs as ($owner)"

  # The provider's "access denied" redirect ends the wait: the connection still needs a human (exit 3).
  curl -s -o /dev/null "http://127.0.0.1:$lport/callback?error=access_denied&state=$state"
  wait "$pid"; rc=$?
  [ "$rc" -eq 3 ] || fail "umask $mask: tether exited $rc after access_denied: $(cat "$dir/out.json" "$dir/err")"
done

if [ "$failures" -eq 0 ]; then echo "private process: all checks held"; exit 0; fi
echo "private process: $failures failure(s)"; exit 1
