#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json, so `npm start`
# and `npm test` work straight after a clone. Sourced by tools/start.sh and tools/test.sh.
set -euo pipefail
marker=node_modules/.hookline-lock-hash
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$wanted" ]; then
  echo "installing npm dependencies (package-lock.json changed or node_modules missing)…" >&2
  # `npm install`, not `npm ci`: npm 11 leaves other platforms' optional binaries (@swc/core-*) out of the
  # lockfile and `npm ci` then refuses it as out of sync. `install` still honours the locked versions.
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$marker"
fi
