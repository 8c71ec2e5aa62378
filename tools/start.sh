#!/usr/bin/env bash
# `npm start`: installs what is missing, then runs Kafka (local broker unless KAFKA_BROKERS is set),
# migrations, topics and all four services. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/ensure-node.sh
source tools/ensure-dependencies.sh
exec npx tsx tools/start/start-platform.ts
