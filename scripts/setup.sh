#!/usr/bin/env bash
# Prepares a fresh machine: pnpm (pinned), the workspace's dependencies, and with --test what the
# test suite drives for real: Debian's Chromium (browser and report tests) and redis-server (the
# Redis store, cluster and distributed-sweep tests start their own server on a loopback port).
# Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v)" != "$PNPM_VERSION" ]; then
  # corepack's signature check fails against some registry mirrors; npm works everywhere.
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

install_debian_package() { # <command> <package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq "$2" >/dev/null) || echo "setup: could not install $2; the tests that need it will fail" >&2
  else
    echo "setup: $1 is missing and we are not root; install it (apt-get install $2) for the tests" >&2
  fi
}

if [ "${1:-}" = "--test" ]; then
  install_debian_package chromium chromium
  install_debian_package redis-server redis-server
fi

pnpm install --frozen-lockfile --reporter=default
