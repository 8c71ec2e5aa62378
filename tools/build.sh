#!/usr/bin/env bash
# Builds the services (dist/apps/<service>/main.js), the console's browser files (dist/console-ui) and the
# operational tools (dist/tools/*.js).
set -euo pipefail
cd "$(dirname "$0")/.."
npx webpack --config tools/build/webpack.config.js
exec npx tsx tools/build/console-ui.ts
