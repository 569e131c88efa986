# Sourced by the CLI's black-box tests that talk to tether-emulator: counting failures, starting the emulator
# on a free port (stopped when the test exits), running a command and checking its exit code, and the browser's
# part of an authorization. Needs $emulator and $scratch.
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

start_emulator() {  # start_emulator [more cleanup, run at exit]; sets $port
  coproc EMU { exec "$emulator" --port 0 --redirect-uri https://example.com/cb 2>/dev/null; }
  read -r port <&"${EMU[0]}"
  # shellcheck disable=SC2064  # the cleanup is fixed now, on purpose
  trap "kill \"\$EMU_PID\" 2>/dev/null; wait \"\$EMU_PID\" 2>/dev/null; ${1:-}" EXIT
}
expect() {  # expect <exit code> <description> -- command...; sets $out, stderr in $scratch/stderr
  local want=$1 what=$2; shift 3
  out=$("$@" 2>"$scratch/stderr"); rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want; stdout: $out; stderr: $(cat "$scratch/stderr")"
}
consent() {  # the browser: the emulator's consent page redirects to the redirect_uri with code and state
  local url
  url=$(echo "$1" | sed -n 's/.*"authorize_url":"\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -w '%{redirect_url}' "$url"
}
