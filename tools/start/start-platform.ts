/**
 * `npm start`: Kafka (the configured one, else a local broker from Maven jars), Postgres (DATABASE_URL or
 * the local one), migrations and topics (done by the services at start), all four services and the console
 * (the front door, port 8080) as separate processes. One banner when everything is ready; a service that
 * dies is restarted (tools/start/supervisor); Ctrl-C stops everything this started.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  fixedReplicaPorts,
  parseReplicaCounts,
  startFrontDoor,
  startLocalPlatform,
  type LocalPlatform,
  type ServiceProcess,
} from '@hookline/testing';
import { tracingEnvironment } from '@hookline/tracing';
import { buildConsoleUi } from '../build/console-ui';
import { provisionInfrastructure, type Infrastructure } from '../infra/provision-infrastructure';
import { loadOrCreatePlatformCredentials } from './platform-credentials';
import { supervisePlatform, type PlatformSupervisor } from './supervisor/supervise-platform';

const ROOT = resolve(__dirname, '..', '..');
const PORTS = { producer: 3001, subscription: 3002, delivery: 3003, health: 3004 } as const;
/** The console and front door: one origin for the console and every API (the service ports stay). */
const FRONT_DOOR_PORT = 8080;

async function startPlatform(): Promise<void> {
  // Filled in as things start, so Ctrl-C at any moment stops exactly what is running.
  const running: {
    infrastructure?: Infrastructure;
    platform?: LocalPlatform;
    supervisor?: PlatformSupervisor;
    frontDoor?: ServiceProcess;
  } = {};
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping Hookline…');
    // First no more restarts (and a restart under way finishes), so stop() reaches every process.
    await running.supervisor?.release();
    await running.frontDoor?.stop();
    await running.platform?.stop();
    await running.infrastructure?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  console.log('building services…');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--config', 'tools/build/webpack.config.js'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  await buildConsoleUi();
  const infrastructure = await provisionInfrastructure('start');
  running.infrastructure = infrastructure;
  const credentialsFile = join(ROOT, '.local', 'platform.env');
  const logDir = join(ROOT, '.local', 'logs');
  // HOOKLINE_REPLICAS=delivery=3,health=2 npm start: several processes of a service, as the chart runs.
  const replicas = parseReplicaCounts(process.env.HOOKLINE_REPLICAS);
  console.log('starting producer, subscription, delivery and health…');
  const platform = await startLocalPlatform({
    kafkaBrokers: infrastructure.kafkaBrokers,
    databaseUrl: infrastructure.databaseUrl,
    secrets: loadOrCreatePlatformCredentials(credentialsFile),
    logDir,
    ports: fixedReplicaPorts(PORTS, replicas),
    replicas,
    // OTEL_TRACES_EXPORTER=otlp npm start: the services trace to an OTLP receiver (e.g. `npm run traces`).
    extra: tracingEnvironment(process.env),
  });
  running.platform = platform;
  // A service that dies is restarted with a bounded backoff; one that keeps crashing stops everything.
  running.supervisor = supervisePlatform(platform, {
    log: (line) => console.error(line),
    onGiveUp: () => void stop(1),
  });
  running.frontDoor = await startFrontDoor(platform, { logDir, port: FRONT_DOOR_PORT });
  void running.frontDoor.exited.then((code) => {
    if (stopping) return;
    console.error(`console exited unexpectedly (${code}); see ${join(logDir, 'console.log')}`);
    void stop(1);
  });
  printBanner(platform, running.frontDoor, infrastructure, credentialsFile, logDir);
}

function printBanner(
  platform: LocalPlatform,
  frontDoor: ServiceProcess,
  infrastructure: Infrastructure,
  credentials: string,
  logs: string,
) {
  const urls = (service: keyof LocalPlatform['urls']) => platform.replicaUrls[service].join(' ');
  const rows = [
    ['console', `${frontDoor.url}      the console, and every /v1 API on one origin`],
    ['producer', `${urls('producer')}      POST /v1/events`],
    ['subscription', `${urls('subscription')}      tenants, endpoints`],
    ['delivery', `${urls('delivery')}      /readyz, /metrics`],
    ['health', `${urls('health')}      GET /v1/endpoints/:id/health`],
  ];
  console.log(
    [
      '',
      '  Hookline is ready',
      ...rows.map(([name, text]) => `    ${name.padEnd(13)} ${text}`),
      ...infrastructure.describe.map((line) => `    ${line}`),
      `    credentials   source ${credentials}`,
      `    logs          ${logs}/<service>.log (<service>-<n>.log for replica n)`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

startPlatform().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
