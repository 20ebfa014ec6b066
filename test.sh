#!/usr/bin/env bash
# Runs every test on real Redis and PostgreSQL servers that the tests start themselves.
# Installs what is missing first (Debian/Ubuntu: redis-server, postgresql), then builds,
# runs the tests and prints one summary line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./scripts/install-prerequisites.sh

echo "==> building"
dotnet build Tradeul.slnx -c Debug -nologo -clp:ErrorsOnly

echo "==> testing"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Tradeul.slnx -c Debug --no-build -nologo 2>&1 | tee "$log" | grep -vE '^\s*\[(Information|Warning|Debug)\]'
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c" line per test project.
read -r passed failed skipped < <(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | awk -F'[:,]' '
  { f+=$2; p+=$4; s+=$6 } END { printf "%d %d %d\n", p, f, s }')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
if [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
