#!/usr/bin/env bash
# The main job: the whole Tradeul platform on this machine.
#  - With Docker and Aspire available, it runs the Aspire AppHost (containers + dashboard).
#  - Elsewhere it runs everything as local processes: redis-server (noeviction, AOF,
#    maxmemory 4gb) and PostgreSQL from the machine's packages, with their data under
#    .data/ (git-ignored, reused by the next run), the migration step, then Maintenance,
#    Ingest (simulated market) and Scanner. Ctrl-C stops every process it started.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

REDIS_PORT=${TRADEUL_REDIS_PORT:-6390}
PG_PORT=${TRADEUL_PG_PORT:-5440}
INGEST_URL=http://127.0.0.1:5101
SCANNER_URL=http://127.0.0.1:5102
MAINTENANCE_URL=http://127.0.0.1:5103
data="$root/.data"

./scripts/install-prerequisites.sh

if [ -d Tradeul.AppHost ] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 \
   && dotnet build Tradeul.AppHost -nologo -clp:ErrorsOnly >/dev/null 2>&1; then
  echo "==> Docker and Aspire are available: running the AppHost (the dashboard URL follows)"
  exec dotnet run --project Tradeul.AppHost
fi
echo "==> no Docker/Aspire here: running the platform as local processes"

echo "==> building"
dotnet build Tradeul.slnx -c Release -nologo -clp:ErrorsOnly
mkdir -p "$data/redis" "$data/postgres" "$data/logs"

pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || pg_bin=$(dirname "$(command -v pg_ctl)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "==> stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$data/postgres/cluster" -m fast -w stop >/dev/null 2>&1 || true
  echo "==> stopped; data kept in .data/ for the next run"
}
trap cleanup EXIT INT TERM

echo "==> redis-server on 127.0.0.1:$REDIS_PORT (noeviction, AOF, maxmemory 4gb)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$data/redis" --appendonly yes \
  --maxmemory 4gb --maxmemory-policy noeviction --save "" --daemonize no \
  --logfile "$data/logs/redis.log" &
pids+=($!)

echo "==> PostgreSQL on 127.0.0.1:$PG_PORT"
if [ "$(id -u)" = 0 ]; then chown postgres "$data/postgres"; fi
if [ ! -f "$data/postgres/cluster/PG_VERSION" ]; then
  # Trust on loopback only: a local development cluster with no password to leak.
  as_pg "$pg_bin/initdb" -D "$data/postgres/cluster" -U postgres -A trust -E UTF8 --locale=C >/dev/null
fi
as_pg "$pg_bin/pg_ctl" -D "$data/postgres/cluster" -l "$data/postgres/postgres.log" -w \
  -o "-p $PG_PORT -k $data/postgres -c listen_addresses=127.0.0.1" start >/dev/null
psql_db() { as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "$1" postgres; }
if [ "$(psql_db "SELECT 1 FROM pg_database WHERE datname = 'tradeul'")" != "1" ]; then
  psql_db "CREATE DATABASE tradeul" >/dev/null
fi

# The Maintenance API key is a secret: generated once, kept in .data with owner-only access.
if [ ! -s "$data/maintenance-api-key" ]; then
  (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' > "$data/maintenance-api-key")
fi

export ConnectionStrings__redis="127.0.0.1:$REDIS_PORT"
export ConnectionStrings__tradeul="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=tradeul"
export Maintenance__ApiKey
Maintenance__ApiKey=$(cat "$data/maintenance-api-key")
bin=Release/net10.0

echo "==> migrations"
dotnet "Tradeul.Maintenance/bin/$bin/Tradeul.Maintenance.dll" migrate 2>&1 | tail -3

start() { # name url dll
  ASPNETCORE_URLS="$2" dotnet "$3" >"$data/logs/$1.log" 2>&1 &
  pids+=($!)
}
start maintenance "$MAINTENANCE_URL" "Tradeul.Maintenance/bin/$bin/Tradeul.Maintenance.dll"
start ingest "$INGEST_URL" "Tradeul.Ingest/bin/$bin/Tradeul.Ingest.dll"
start scanner "$SCANNER_URL" "Tradeul.Scanner/bin/$bin/Tradeul.Scanner.dll"

for url in "$MAINTENANCE_URL" "$INGEST_URL" "$SCANNER_URL"; do
  for _ in $(seq 1 120); do
    curl -fs "$url/alive" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "$url/alive" >/dev/null 2>&1 || { echo "error: $url did not come up; see .data/logs/" >&2; exit 1; }
done

cat <<EOF
==> Tradeul is running (logs in .data/logs/). Where to look:
    Scanner stats          curl $SCANNER_URL/api/stats
    Categories             curl $SCANNER_URL/api/categories
    A live category (SSE)  curl -N $SCANNER_URL/api/categories/gappers_up/stream
    Ingest stats           curl $INGEST_URL/api/ingest/stats
    Maintenance status     curl $MAINTENANCE_URL/api/maintenance/status
    Persist now            curl -X POST -H "X-Api-Key: \$(cat .data/maintenance-api-key)" $MAINTENANCE_URL/api/maintenance/persist-scan-results
    Health                 curl $SCANNER_URL/health
Press Ctrl-C to stop.
EOF
wait -n "${pids[@]}" || true
echo "error: a process exited; see .data/logs/" >&2
exit 1
