#!/usr/bin/env bash
# Runs every test: the unit and integration tests on real Redis and PostgreSQL servers that the tests start,
# and the AppHost's tests, which start the whole platform with Aspire.Hosting.Testing (redis-server and
# PostgreSQL as executables, no container engine) and drive the dashboard in Debian's Chromium.
# Installs what is missing first (Debian/Ubuntu: redis-server, postgresql, chromium), builds Tradeul.slnx,
# runs its test projects one after the other and prints one summary line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./scripts/install-prerequisites.sh --with-browser

echo "==> building"
dotnet build Tradeul.slnx -c Debug -nologo -clp:ErrorsOnly

echo "==> testing"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# -m:1: one test project at a time. Each starts servers of its own; on a 2-core machine two at once only
# make both slower and their time-bounded waits flakier.
dotnet test Tradeul.slnx -c Debug --no-build -nologo -m:1 2>&1 | tee "$log" | grep -vE '^\s*\[(Information|Warning|Debug)\]'
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c" line per test project.
projects=$(grep -cE '(Passed|Failed)!\s+-\s+Failed:' "$log" || true)
read -r passed failed skipped < <(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | awk -F'[:,]' '
  { f+=$2; p+=$4; s+=$6 } END { printf "%d %d %d\n", p, f, s }')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
if [ "$projects" -lt 2 ]; then
  echo "error: expected results from Tradeul.Tests and Tradeul.AppHost.Tests, got $projects test project(s)" >&2
  exit 1
fi
if [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
