#!/usr/bin/env bash
# Installs what Tradeul needs on this machine where it is missing: redis-server and the PostgreSQL server
# (and, with --with-browser, what only the tests use: Chromium for the browser tests and tmux, the terminal in
# which a test types ./run.sh and presses Ctrl-C), from Debian/Ubuntu's packages.
# Elsewhere it says what to install. Idempotent: a second run installs nothing.
set -euo pipefail

with_browser=false
[ "${1:-}" = "--with-browser" ] && with_browser=true

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || command -v postgres >/dev/null 2>&1 || missing+=(postgresql)
# PostgreSQL refuses to run as root: as root, the AppHost and the test fixture run it as this user.
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  missing+=(postgresql)
fi
# setpriv (util-linux) switches to that user without an extra process.
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then
  missing+=(util-linux)
fi
if $with_browser && ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if $with_browser && ! command -v tmux >/dev/null 2>&1; then
  missing+=(tmux)
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is not installed (https://dot.net); install it and run again." >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing ${missing[*]}; install redis-server (7+), PostgreSQL (15+), Chromium and tmux with your package manager and run again." >&2
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
