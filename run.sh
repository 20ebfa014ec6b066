#!/usr/bin/env bash
# The main job: the whole Tradeul platform, run by its Aspire AppHost, watched in the Aspire dashboard.
# Installs what is missing (Debian/Ubuntu: redis-server, postgresql), then `dotnet run --project Tradeul.AppHost`.
# With a healthy Docker or Podman the servers run as containers; otherwise redis-server and PostgreSQL run as
# this machine's own executables with their data in .data/ (kept for the next run). The AppHost prints the
# dashboard login URL and the services' URLs. Ctrl-C stops every process it started and exits 0, wherever its
# output goes: a terminal, a file, a pipe (./run.sh | tee run.log, whose tee Ctrl-C ends too) or nowhere (>&-).
# Arguments go to the AppHost, e.g. ./run.sh --Tradeul:Servers=local
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Output closed (./run.sh >&-): every echo would fail and end the script under `set -e`, and a file some program
# opens would take the free descriptor and receive its output. Nowhere to write means /dev/null.
[ -e /dev/fd/1 ] || exec >/dev/null
[ -e /dev/fd/2 ] || exec 2>/dev/null

./scripts/install-prerequisites.sh

echo "==> building and starting the AppHost (the dashboard login URL follows)"
# The AppHost runs as a child and every stop signal is passed on as SIGTERM, on which it stops every resource
# and exits: Ctrl-C in a terminal, a plain `kill`, a supervisor or a closed terminal alike. (A background
# child of a script ignores SIGINT, so SIGTERM is what reaches it; `dotnet run` hands it to the AppHost.)
# Once stopping, no message can end the script: Ctrl-C also ends the reader of a pipe it writes to (tee), and a
# write to that pipe would kill it with SIGPIPE before the AppHost has stopped. SIGPIPE is ignored only from
# then on, so the AppHost and what it starts keep the default. (dotnet ignores SIGPIPE itself: its writes to the
# dead pipe go nowhere and it shuts down as usual.)
say() { echo "$@" 2>/dev/null || true; }
stopping=false
apphost=""
stop() {
  stopping=true
  trap '' PIPE
  if [ -n "$apphost" ]; then kill -TERM "$apphost" 2>/dev/null || true; fi
  say; say "==> stopping (servers and services first; this takes a few seconds)"
}
trap stop INT TERM HUP
# The AppHost ignores SIGHUP: a closed terminal sends it to every process of the job, and the AppHost would die of
# it on the spot instead of stopping what it started; this script passes it on as SIGTERM like the others.
(trap '' HUP; exec dotnet run --project Tradeul.AppHost -- "$@") &
apphost=$!
# A stop that came while dotnet was being started had no process to pass it to yet.
if $stopping; then kill -TERM "$apphost" 2>/dev/null || true; fi
status=0
while kill -0 "$apphost" 2>/dev/null; do
  # wait returns early when a trapped signal arrives; keep waiting until the AppHost has exited.
  wait "$apphost" && status=0 || status=$?
done
# A stop we asked for ends 0 (143 and 130 are dotnet's "stopped by SIGTERM/SIGINT"); anything else is a failure.
if $stopping && { [ "$status" -eq 0 ] || [ "$status" -eq 143 ] || [ "$status" -eq 130 ]; }; then
  say "==> stopped"
  exit 0
fi
exit "$status"
