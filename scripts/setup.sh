#!/usr/bin/env bash
# Prepares a fresh machine: pnpm (pinned), the workspace's dependencies, and with --browser the
# Chromium that the browser test drives. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v)" != "$PNPM_VERSION" ]; then
  # corepack's signature check fails against some registry mirrors; npm works everywhere.
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "setup: could not install chromium; the browser test will fail" >&2
  else
    echo "setup: chromium is missing and we are not root; install it (apt-get install chromium) for the browser test" >&2
  fi
fi

pnpm install --frozen-lockfile --reporter=default
