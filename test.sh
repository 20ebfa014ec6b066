#!/usr/bin/env bash
# Runs every test: the unit and integration tests on real Redis and PostgreSQL servers that the tests start,
# and the AppHost's tests, which start the whole platform with Aspire.Hosting.Testing (redis-server and
# PostgreSQL as executables, no container engine), drive the dashboard in Debian's Chromium and type ./run.sh
# into a tmux terminal. Installs what is missing first (Debian/Ubuntu: redis-server, postgresql, chromium, tmux),
# builds Tradeul.slnx, runs its test projects one after the other and prints one summary line:
# "N passed, N failed, N skipped", then the reason of the skipped tests ("skipped: <reason> (N tests)"), and
# fails when a test left a folder of its own in the temp folder.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./scripts/install-prerequisites.sh --with-browser

echo "==> building"
dotnet build Tradeul.slnx -c Debug -nologo -clp:ErrorsOnly

echo "==> testing"
log=$(mktemp)
results=$(mktemp -d)
# The tests' temp folder is one of this run's own (TMPDIR), so that what a test leaves there (a server's folder,
# the AppHost's data or socket folder) is seen below, apart from whatever else runs on this machine, and goes
# with it. Open to other users' traversal: PostgreSQL runs as 'postgres' under root and must reach its folders.
scratch=$(mktemp -d)
chmod 0711 "$scratch"
trap 'rm -rf "$log" "$results" "$scratch"' EXIT
set +e
# -m:1: one test project at a time. Each starts servers of its own; on a 2-core machine two at once only
# make both slower and their time-bounded waits flakier. The TRX files hold each skipped test's reason.
TMPDIR="$scratch" dotnet test Tradeul.slnx -c Debug --no-build -nologo -m:1 --logger trx --results-directory "$results" 2>&1 \
  | tee "$log" | grep -vE '^\s*\[(Information|Warning|Debug)\]|^Results File: '
status=${PIPESTATUS[0]}
set -e

# dotnet test prints one "Passed!/Failed! - Failed: a, Passed: b, Skipped: c" line per test project.
projects=$(grep -cE '(Passed|Failed)!\s+-\s+Failed:' "$log" || true)
read -r passed failed skipped < <(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log" | awk -F'[:,]' '
  { f+=$2; p+=$4; s+=$6 } END { printf "%d %d %d\n", p, f, s }')
echo "${passed} passed, ${failed} failed, ${skipped} skipped"

# Each reason a test gave for being skipped, once, with how many tests gave it. The console shows reasons only
# at a verbosity that also changes the per-project lines read above; the TRX files hold them as
# <UnitTestResult outcome="NotExecuted"> ... <Message>reason</Message>.
shopt -s nullglob
trx_files=("$results"/*.trx)
if [ ${#trx_files[@]} -gt 0 ]; then
  awk '
    /<UnitTestResult / { skipped = /outcome="NotExecuted"/ }
    skipped && /<Message>/ {
      reason = $0
      sub(/.*<Message>/, "", reason); sub(/<\/Message>.*/, "", reason)
      gsub(/&lt;/, "<", reason); gsub(/&gt;/, ">", reason); gsub(/&quot;/, "\"", reason); gsub(/&apos;/, "\047", reason)
      gsub(/&amp;/, "\\&", reason)
      if (!(reason in count)) order[++n] = reason
      count[reason]++
      skipped = 0
    }
    END { for (i = 1; i <= n; i++) printf "skipped: %s (%d test%s)\n", order[i], count[order[i]], count[order[i]] == 1 ? "" : "s" }
  ' "${trx_files[@]}"
fi

# Every test removes the folders it made (tradeul-pg-*, tradeul-redis-*, tradeul-apphost-*, ...); whatever else
# the tools leave in the temp folder goes with it at exit.
left=("$scratch"/tradeul-*)
for folder in "${left[@]}"; do
  echo "error: a test left $(basename "$folder") in the temp folder: $(ls -A "$folder" 2>&1 | head -5 | tr '\n' ' ')" >&2
done

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
if [ ${#left[@]} -gt 0 ]; then
  exit 1
fi
