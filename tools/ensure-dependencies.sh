#!/usr/bin/env bash
# Installs npm dependencies when node_modules is missing or older than package-lock.json, so `npm start`
# and `npm test` work straight after a clone. Sourced by tools/start.sh and tools/test.sh.
set -euo pipefail
marker=node_modules/.hookline-lock-hash
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$wanted" ]; then
  echo "installing npm dependencies (package-lock.json changed or node_modules missing)…" >&2
  # `npm ci`: exactly the lockfile, which it never rewrites, so a fresh clone stays clean after
  # `npm start`/`npm test`. It needs a complete lockfile, with every platform's optional binaries
  # (tools/ci/missing-optional-packages.spec.ts checks that).
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 > "$marker"
fi
