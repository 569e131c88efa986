#!/usr/bin/env bash
# Runs one example host against a fresh tether-emulator: starts it on a free port, runs `<command...> <port>`,
# stops the emulator (by its PID) and exits with the example's exit code.
# Usage: run_example.sh <tether-emulator> <command...>
set -uo pipefail
if [ $# -lt 2 ]; then echo "usage: $0 <tether-emulator> <command...>" >&2; exit 2; fi
emulator=$1; shift

# An interpreter that is not installed (python3) means "skipped", not "failed": ctest maps 77 to Skipped.
if ! command -v "$1" >/dev/null 2>&1; then echo "skipped: $1 is not installed"; exit 77; fi

coproc EMU { exec "$emulator" --port 0; }
emulator_pid=$EMU_PID
trap 'kill "$emulator_pid" 2>/dev/null; wait "$emulator_pid" 2>/dev/null' EXIT
# `--port 0` makes the emulator pick a free port and print it alone on its first stdout line.
if ! read -r -t 30 port <&"${EMU[0]}" || [ -z "$port" ]; then
  echo "tether-emulator did not report its port" >&2
  exit 1
fi

"$@" "$port"
exit $?
