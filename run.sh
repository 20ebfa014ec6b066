#!/usr/bin/env bash
# The main job. For now Tradeul has its foundation (ServiceDefaults, Shared) and no runnable
# service yet: this builds what exists and says what is still to come.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

./scripts/install-prerequisites.sh
echo "==> building"
dotnet build Tradeul.slnx -c Release -nologo -clp:ErrorsOnly
echo "==> built: Tradeul.ServiceDefaults, Tradeul.Shared, Tradeul.Tests"
for service in Tradeul.Ingest Tradeul.Scanner Tradeul.Maintenance Tradeul.AppHost; do
  if [ ! -d "$service" ]; then
    echo "    not there yet: $service"
  fi
done
echo "Nothing to run yet; ./test.sh runs the tests on real Redis and PostgreSQL."
