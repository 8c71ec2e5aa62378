#!/usr/bin/env bash
# `npm test`: install, lint, format check, type check, build, then every jest level (unit, integration,
# end-to-end) in one run whose JSON report CI summarises. Kafka and Postgres come from KAFKA_BROKERS /
# DATABASE_URL, else testcontainers when Docker runs, else a local broker and the local Postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/ensure-node.sh
source tools/ensure-dependencies.sh
source tools/ensure-promtool.sh
source tools/ensure-chromium.sh
started=$(date +%s)
echo "== lint"; npx eslint --max-warnings 0 .
echo "== format"; npx prettier --check . --log-level warn
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit && npx tsc -p apps/console/ui/tsconfig.json
echo "== build"; bash tools/build.sh
echo "== jest (unit, integration, end-to-end)"
mkdir -p reports
export HOOKLINE_SKIP_BUILD=1
status=0
npx jest -c jest.config.js --maxWorkers=2 --json --outputFile=reports/jest-results.json "$@" || status=$?
echo "npm test took $(( $(date +%s) - started )) s"
exit $status
