# Hookline: one image for the four services, the console (front door) and the operational tools.
#
#   docker build -t hookline:local .
#   docker run --rm -e SERVICE=delivery -e SECRET_ENCRYPTION_KEYS=… -p 3003:3003 hookline:local
#   docker run --rm -e DATABASE_URL=… hookline:local node dist/tools/migrate.js
#   docker run --rm -e KAFKA_BROKERS=… hookline:local node dist/tools/create-topics.js
#
# SERVICE (producer | subscription | delivery | health | console) picks the service; every other setting comes from
# the environment (see deploy/README.md). Stages: deps → build (webpack bundles) and prod-deps (runtime
# node_modules), then a slim runtime stage that copies only the bundles and the production dependencies.

# Pinned by exact version: the Node patch release, Debian release and bundled npm only change when this line
# does. Node 22 LTS, the line the repo targets (package.json "engines"); tools/ensure-node.sh runs npm start and
# npm test on the same release where the machine's Node is older.
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# `npm ci`, not `npm install`: it installs exactly the lockfile, never rewrites it, and fails if package.json
# and package-lock.json disagree, so the image is built from what was reviewed. The lockfile lists every
# platform's optional binaries (tools/ci/missing-optional-packages.spec.ts), which `npm ci` requires.
# --ignore-scripts: nothing the build or the runtime uses needs an install script; skipping them avoids
# native builds of optional test-only packages (ssh2, cpu-features) and install-time telemetry (@scarf/scarf).
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------
FROM deps AS build
# What webpack compiles: the entries (apps/*/src/main.ts, tools/migrate.ts, tools/create-topics.ts) and the
# libs they import. Test files are kept out of the build context by .dockerignore.
COPY tsconfig.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools ./tools
RUN bash tools/build.sh \
 && test -f dist/tools/migrate.js && test -f dist/tools/create-topics.js \
 && for service in producer subscription delivery health console; do test -f "dist/apps/$service/main.js" || exit 1; done \
 && test -f dist/console-ui/index.html

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
# The bundles leave every npm package external and require() them at run time: production dependencies only.
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# tini as PID 1. Node must not be PID 1 here: NestJS's shutdown hook handles SIGTERM (stop consumers,
# finish in-flight work), then removes its listener and re-sends the signal to itself to exit. The kernel
# drops a signal to a namespace's PID 1 when that process has no handler for it, so node as PID 1 (whether
# `CMD ["node", …]` or `sh -c "exec node …"`) finishes its cleanup and then hangs until Docker's SIGKILL.
# Under tini, node is PID 2: the re-sent SIGTERM ends it at once, tini exits with its status (143), and
# tini also forwards signals and reaps zombies. (`docker run --init` would do the same, but only when every
# caller remembers it; Kubernetes has no equivalent, so it lives in the image.)
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    SERVICE=producer
WORKDIR /app

# Owned by root and read-only for the `node` user the process runs as: the service cannot modify its code.
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist

USER node
EXPOSE 8080 3001 3002 3003 3004

ENTRYPOINT ["/usr/bin/tini", "--"]
# Shell form only to expand $SERVICE; `exec` replaces the shell, so node is tini's direct child and gets
# its signals. Override the command to run a tool instead: `node dist/tools/migrate.js`.
CMD ["/bin/sh", "-c", "exec node \"dist/apps/${SERVICE}/main.js\""]

# Each service's port defaults by SERVICE (as in its config class) unless PORT is set. Readiness, not
# liveness: /readyz checks Kafka and Postgres. A one-off tool container just reports unhealthy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const d={producer:3001,subscription:3002,delivery:3003,health:3004,console:8080};const p=process.env.PORT||d[process.env.SERVICE];fetch('http://127.0.0.1:'+p+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
