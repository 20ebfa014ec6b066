#!/usr/bin/env bash
# The main job: the whole Tradeul platform, run by its Aspire AppHost, watched in the Aspire dashboard.
# Installs what is missing (Debian/Ubuntu: redis-server, postgresql), then `dotnet run --project Tradeul.AppHost`.
# With a healthy Docker or Podman the servers run as containers; otherwise redis-server and PostgreSQL run as
# this machine's own executables with their data in .data/ (kept for the next run). The AppHost prints the
# dashboard login URL and the services' URLs. Ctrl-C stops every process it started and exits 0.
# Arguments go to the AppHost, e.g. ./run.sh --Tradeul:Servers=local
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./scripts/install-prerequisites.sh

echo "==> building and starting the AppHost (the dashboard login URL follows)"
# In the foreground, so Ctrl-C (SIGINT to the terminal's process group) reaches the AppHost directly: it stops
# every resource and exits. The trap only notes it, so that a clean stop by Ctrl-C exits 0.
stopping=false
trap 'stopping=true' INT
status=0
dotnet run --project Tradeul.AppHost -- "$@" || status=$?
if $stopping; then
  echo "==> stopped; data kept in .data/ for the next run"
  exit 0
fi
exit "$status"
