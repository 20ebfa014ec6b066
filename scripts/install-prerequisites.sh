#!/usr/bin/env bash
# Installs what Tradeul needs on this machine where it is missing: redis-server and the
# PostgreSQL server, from Debian/Ubuntu's packages. Elsewhere it says what to install.
# --browser (test.sh) adds Chromium at /usr/bin/chromium, which the AppHost's dashboard
# browser test drives; run.sh has no use for a browser.
set -euo pipefail

missing=()
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || command -v pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
# The test fixture runs PostgreSQL as this user when it runs as root (PostgreSQL refuses root).
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed (https://dot.net); install it and run again." >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${missing[*]}; install redis-server (7+), PostgreSQL (15+) and, for the tests, Chromium (/usr/bin/chromium) with your package manager and run again." >&2
  exit 1
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root (or sudo) to apt-get install ${missing[*]}." >&2; exit 1; }
  sudo="sudo"
fi
echo "==> installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The packages may try to start their own system servers; Tradeul never uses those.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "==> installed ${missing[*]}"
