/**
 * npx tsx tools/local-kafka/cli.ts fetch|start|status   (or: npm run kafka -- start)
 *
 *   fetch   download the broker jars into .cache/kafka/<version>/libs (once)
 *   start   run a broker on 127.0.0.1:9092 in the foreground (data in .local/kafka); Ctrl-C stops it
 *   status  say whether a broker answers on 127.0.0.1:9092
 *
 * Ports: LOCAL_KAFKA_PORT (default 9092), LOCAL_KAFKA_CONTROLLER_PORT (default 9093). Version:
 * LOCAL_KAFKA_VERSION (default DEFAULT_KAFKA_VERSION); another version keeps its data in .local/kafka-<version>.
 */
import { join, resolve } from 'node:path';
import {
  DEFAULT_KAFKA_VERSION,
  KAFKA_VERSION,
  fetchKafkaJars,
  isKafkaReachable,
  startLocalKafka,
} from './local-kafka';

const REPO_ROOT = resolve(__dirname, '..', '..');
const USAGE = 'usage: npx tsx tools/local-kafka/cli.ts fetch|start|status';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${name}=${raw} is not a port`);
  return port;
}

async function fetchCommand(): Promise<number> {
  const libsDir = await fetchKafkaJars();
  process.stdout.write(`Kafka ${KAFKA_VERSION} jars: ${libsDir}\n`);
  return 0;
}

async function statusCommand(port: number): Promise<number> {
  const brokers = `127.0.0.1:${port}`;
  const up = await isKafkaReachable(brokers);
  process.stdout.write(up ? `Kafka answers on ${brokers}\n` : `no Kafka broker answers on ${brokers}\n`);
  return up ? 0 : 1;
}

async function startCommand(port: number, controllerPort: number): Promise<number> {
  // A data dir formatted by one Kafka line is not for another: each non-default version gets its own.
  const folder = KAFKA_VERSION === DEFAULT_KAFKA_VERSION ? 'kafka' : `kafka-${KAFKA_VERSION}`;
  const dataDir = join(REPO_ROOT, '.local', folder);
  const kafka = await startLocalKafka({ port, controllerPort, dataDir });
  if (!kafka.startedByUs) {
    process.stdout.write(`a Kafka broker already answers on ${kafka.brokers}; not starting another one\n`);
    return 0;
  }
  process.stdout.write(
    `Kafka ${KAFKA_VERSION} on ${kafka.brokers} (pid ${kafka.pid}, data and logs in ${dataDir}); Ctrl-C to stop\n`,
  );
  return runUntilSignalOrExit(kafka.pid, () => kafka.stop(), join(dataDir, 'kafka.out'));
}

/** Keeps the foreground process alive until Ctrl-C/SIGTERM (clean stop) or the broker dies. */
function runUntilSignalOrExit(pid: number, stop: () => Promise<void>, logPath: string): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    // `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by npx/tsx), and a
    // signal without a listener would kill us mid-stop.
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      clearInterval(watchdog);
      process.stdout.write(`\n${signal}: stopping Kafka…\n`);
      stop().then(
        () => {
          process.stdout.write('Kafka stopped\n');
          resolveExit(0);
        },
        (err: unknown) => {
          process.stderr.write(`failed to stop Kafka: ${String(err)}\n`);
          resolveExit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The LocalKafka handle has no exit event, so poll: a crashed broker must not leave us hanging.
    const watchdog = setInterval(() => {
      if (isAlive(pid)) return;
      clearInterval(watchdog);
      process.stderr.write(`Kafka broker (pid ${pid}) exited unexpectedly; see ${logPath}\n`);
      resolveExit(1);
    }, 2_000);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main(command: string | undefined): Promise<number> {
  const port = portFromEnv('LOCAL_KAFKA_PORT', 9092);
  const controllerPort = portFromEnv('LOCAL_KAFKA_CONTROLLER_PORT', 9093);
  switch (command) {
    case 'fetch':
      return fetchCommand();
    case 'start':
      return startCommand(port, controllerPort);
    case undefined:
    case 'status':
      return statusCommand(port);
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
