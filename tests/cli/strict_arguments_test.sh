#!/usr/bin/env bash
# The `tether` CLI's strict command line, checked in an empty directory with an empty data directory: usage
# errors exit 2 and name the option and the form it expects, commands that store nothing create no file,
# numbers are read whole and within range, and secrets are refused on the command line.
# Usage: strict_arguments_test.sh <tether> <manifest> <scratch dir>
set -uo pipefail
tether=$1 manifest=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/cwd" "$scratch/home"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
cd "$scratch/cwd" || exit 1
export HOME=$scratch/home
unset XDG_DATA_HOME TETHER_CLIENT_SECRET

expect() {  # expect <exit code> <text stderr must contain, or ""> <description> -- command...
  local want=$1 says=$2 what=$3; shift 4
  out=$("$@" 2>"$scratch/stderr"); rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: exit $rc, expected $want; stderr: $(cat "$scratch/stderr")"
  [ -z "$says" ] || grep -qF -- "$says" "$scratch/stderr" || fail "$what: stderr does not say '$says': $(cat "$scratch/stderr")"
}
nothing_created() {  # nothing_created <after what>
  local found
  found=$(find "$scratch/cwd" "$scratch/home" -mindepth 1 | head -n3)
  [ -z "$found" ] || fail "$1 created files: $found"
}
m() { "$tether" --manifest "$manifest" "$@"; }

expect 2 "unknown command 'frobnicate'" "an unknown command" -- "$tether" frobnicate
expect 2 "unknown command 'frobnicate'" "an unknown command with --manifest" -- m frobnicate
expect 2 "no command given" "no command" -- m
expect 2 "unknown option '--bogus'" "an unknown global option" -- "$tether" --bogus version
expect 0 "" "--help" -- "$tether" --help
expect 0 "" "version" -- "$tether" version
expect 0 "" "validate" -- m validate
nothing_created "unknown commands, --help, version and validate"

# Every command has its own help, which names it; none of them touches the store.
for command in help version validate settings connections authorize-url authorize connect-token call refresh health revoke doctor; do
  expect 0 "" "$command --help" -- m "$command" --help
  grep -q "^usage: tether \[global options\] $command" <<<"$out" || fail "$command --help: $out"
done
nothing_created "the commands' --help"

# Missing values and unknown options name the option and the form expected.
expect 2 "--manifest needs a value: --manifest PATH" "--manifest without a value" -- "$tether" version --manifest
expect 2 "--set expects KEY=VALUE" "--set without =" -- m --set client_id validate
expect 2 "--max-items needs a value: --max-items N" "--max-items without a value" -- m call users.me --max-items
expect 2 "unknown option '--colour' for call (expected: --param K=V" "an unknown call option" -- m call users.me --colour
expect 2 "unknown option '--everything' for revoke" "an unknown revoke option" -- m revoke --everything

# Numbers are read whole and within their range.
expect 2 "--max-items needs a whole number from 1 to" "--max-items abc" -- m call users.me --max-items abc
expect 2 "--max-items needs a whole number" "--max-items 10x" -- m call users.me --max-items 10x
expect 2 "--max-items needs a whole number" "--max-items -1" -- m call users.me --max-items -1
expect 2 "--max-items needs a whole number" "--max-items beyond int64" -- m call users.me --max-items 99999999999999999999
nothing_created "number errors"
expect 2 "--listen needs a whole number from 1 to 65535, got '80x'" "--listen 80x" -- \
  m --store "sqlite:$scratch/listen.db" authorize --listen 80x
expect 2 "--listen needs a whole number from 1 to 65535" "--listen 70000" -- \
  m --store "sqlite:$scratch/listen.db" authorize --listen 70000
expect 2 "--timeout needs a whole number" "--timeout 0" -- \
  m --store "sqlite:$scratch/listen.db" authorize --listen 8080 --timeout 0

# Secrets never come from the command line; they come from the environment.
expect 2 "export TETHER_CLIENT_SECRET=" "--set client_secret" -- m --set client_secret=s3cr3t-value call users.me
grep -q "s3cr3t-value" "$scratch/stderr" && fail "the refused secret was echoed: $(cat "$scratch/stderr")"
expect 2 "TETHER_CLIENT_SECRET" "--set client_secret with validate" -- m --set client_secret=x validate
expect 2 "TETHER_CLIENT_SECRET" "--set client_secret with settings" -- m settings --set client_secret=x
nothing_created "refused secrets"
TETHER_CLIENT_SECRET=from-the-environment expect 0 "" "validate with TETHER_CLIENT_SECRET set and no settings" -- m validate
TETHER_CLIENT_SECRET=from-the-environment expect 0 "" "validate with complete settings" -- m --set client_id=abc validate
expect 2 "region" "validate with a setting outside its allowed values" -- m --set region=mars validate

# Global options are accepted after the command too.
expect 0 "" "--manifest after the command" -- "$tether" validate --manifest "$manifest"
expect 0 "" "settings with --store after the command" -- "$tether" settings --store "sqlite:$scratch/after.db"
[ -e "$scratch/after.db" ] && fail "settings with nothing to store created its store"
TETHER_CLIENT_SECRET=x expect 0 "" "settings --set with the global options after the command" -- \
  "$tether" settings --manifest "$manifest" --store "sqlite:$scratch/after.db" --set client_id=later --connection c2
echo "$out" | grep -q '"client_id":"later"' || fail "settings after the command: $out"
nothing_created "commands with an explicit --store"

if [ "$failures" -eq 0 ]; then echo "strict arguments: all checks held"; exit 0; fi
echo "strict arguments: $failures failure(s)"; exit 1
