#!/usr/bin/env bash
# Builds the four services (dist/apps/<service>/main.js) and the operational tools (dist/tools/*.js).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx webpack --config tools/build/webpack.config.js
