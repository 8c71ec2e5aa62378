/**
 * Finds or starts the Kafka broker and PostgreSQL database that `npm start` and the test suites need.
 *
 * Order of preference, per dependency:
 *   1. what the environment names (KAFKA_BROKERS, DATABASE_URL), checked to answer;
 *   2. for tests, throwaway containers when a Docker engine is usable;
 *   3. otherwise the local fallbacks: a Kafka broker run from Maven jars (tools/local-kafka) and the
 *      PostgreSQL on 127.0.0.1:5432.
 * stop() undoes only what this call started.
 */
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { KAFKA_VERSION, isKafkaReachable, startLocalKafka } from '../local-kafka/local-kafka';

export type InfrastructurePurpose = 'test' | 'start';

export interface Infrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
  /** Human-readable lines for start-up banners, e.g. `kafka: local broker 127.0.0.1:9092 (started)`. */
  describe: string[];
  stop(): Promise<void>;
}

/** One provisioned dependency: its address, a banner line, and how to undo it. */
interface Provisioned {
  address: string;
  describe: string;
  stop(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '..', '..');
const KAFKA_IMAGE = `apache/kafka:${KAFKA_VERSION}`;
const POSTGRES_IMAGE = 'postgres:16.4-alpine';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DOCKER_PROBE_TIMEOUT_MS = 5_000;
const CONTAINER_READY_TIMEOUT_MS = 120_000;

const LOCAL_KAFKA = {
  start: { port: 9092, controllerPort: 9093, dataDir: join(REPO_ROOT, '.local', 'kafka'), ephemeral: false },
  test: {
    port: 19092,
    controllerPort: 19093,
    dataDir: join(REPO_ROOT, '.local', 'kafka-test'),
    ephemeral: true,
  },
} as const;

export async function provisionInfrastructure(purpose: InfrastructurePurpose): Promise<Infrastructure> {
  const dockerUsable = memoize(() => purpose === 'test' && isDockerUsable());
  // In parallel: the broker start dominates, and container pulls overlap with it.
  const results = await Promise.allSettled([
    provisionKafka(purpose, dockerUsable),
    provisionPostgres(purpose, dockerUsable),
  ]);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    // Undo the half that worked; the original failure is the error worth reporting.
    await stopAll(started).catch(noop);
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  const [kafka, postgres] = started as [Provisioned, Provisioned];
  return {
    kafkaBrokers: kafka.address,
    databaseUrl: postgres.address,
    describe: [kafka.describe, postgres.describe],
    stop: memoize(() => stopAll(started)),
  };
}

// ---------------------------------------------------------------------------------------------
// Kafka
// ---------------------------------------------------------------------------------------------

async function provisionKafka(
  purpose: InfrastructurePurpose,
  dockerUsable: () => Promise<boolean>,
): Promise<Provisioned> {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  if (fromEnv) return useConfiguredKafka(fromEnv);
  if (await dockerUsable()) return startKafkaContainer();
  return startLocalBroker(purpose);
}

async function useConfiguredKafka(brokers: string): Promise<Provisioned> {
  if (!(await isKafkaReachable(brokers, 5_000))) {
    throw new Error(
      `KAFKA_BROKERS=${brokers} is set but no Kafka broker answers there. ` +
        'Start that broker, correct KAFKA_BROKERS, or unset it to let Hookline start a local one.',
    );
  }
  return { address: brokers, describe: `kafka: ${brokers} (from KAFKA_BROKERS)`, stop: nothingToStop };
}

async function startLocalBroker(purpose: InfrastructurePurpose): Promise<Provisioned> {
  const settings = LOCAL_KAFKA[purpose];
  const kafka = await startLocalKafka(settings);
  const state = kafka.startedByUs ? 'started' : 'already running, reused';
  const data = settings.ephemeral ? ', ephemeral data' : '';
  return {
    address: kafka.brokers,
    describe: `kafka: local broker ${kafka.brokers} (${state}${data})`,
    stop: () => kafka.stop(),
  };
}

// Marker file the container's command waits for before it runs the real start script (see below).
const KAFKA_STARTER = '/tmp/hookline-kafka-start.sh';
const KAFKA_STARTER_READY = '/tmp/hookline-kafka-start.ready';
const KAFKA_WAITING_LINE = 'hookline: waiting for the start script';

/**
 * @testcontainers/kafka 11 drives Confluent images only (it runs /etc/confluent/docker/run and
 * version-checks the tag against Confluent Platform numbers), so apache/kafka runs as a
 * GenericContainer, the way Testcontainers for Java's org.testcontainers.kafka.KafkaContainer does:
 * the container idles until we copy in a start script, because the advertised listener must carry
 * the host-mapped port, which is known only once the container runs.
 */
async function startKafkaContainer(): Promise<Provisioned> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withEnvironment(kafkaContainerEnvironment())
    .withExposedPorts(9092)
    .withCommand([
      'sh',
      '-c',
      `echo '${KAFKA_WAITING_LINE}'; while [ ! -f ${KAFKA_STARTER_READY} ]; do sleep 0.1; done; exec ${KAFKA_STARTER}`,
    ])
    .withWaitStrategy(Wait.forLogMessage(KAFKA_WAITING_LINE))
    .start();
  try {
    const brokers = `${container.getHost()}:${container.getMappedPort(9092)}`;
    await copyKafkaStarter(container, brokers);
    await waitForKafka(brokers, CONTAINER_READY_TIMEOUT_MS);
    return {
      address: brokers,
      describe: `kafka: container ${KAFKA_IMAGE} at ${brokers} (started)`,
      stop: () => container.stop().then(noop),
    };
  } catch (err: unknown) {
    await container.stop();
    throw err;
  }
}

async function copyKafkaStarter(container: StartedTestContainer, brokers: string): Promise<void> {
  const script = [
    '#!/bin/bash',
    `export KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://${brokers},BROKER://$(hostname):9093`,
    'exec /etc/kafka/docker/run',
    '',
  ].join('\n');
  await container.copyContentToContainer([{ content: script, target: KAFKA_STARTER, mode: 0o755 }]);
  // A separate marker, copied after the script is fully written, avoids executing a half-copied
  // file ("Text file busy"), a failure Testcontainers for Java hit on busy hosts.
  await container.copyContentToContainer([{ content: '', target: KAFKA_STARTER_READY }]);
}

/** Mirrors the local broker's settings (tools/local-kafka/local-kafka.ts) on the image's env interface. */
function kafkaContainerEnvironment(): Record<string, string> {
  return {
    CLUSTER_ID: '4L6g3nShT-eMCtK--X86sw',
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: 'PLAINTEXT://:9092,BROKER://:9093,CONTROLLER://:9094',
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'BROKER:PLAINTEXT,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9094',
    KAFKA_LOG_DIRS: '/tmp/kraft-combined-logs',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_NUM_PARTITIONS: '3',
    KAFKA_DEFAULT_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '10',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    KAFKA_NUM_NETWORK_THREADS: '2',
    KAFKA_NUM_IO_THREADS: '2',
    KAFKA_HEAP_OPTS: '-Xms512m -Xmx512m',
  };
}

async function waitForKafka(brokers: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isKafkaReachable(brokers, 2_000)) return;
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
  }
  throw new Error(`Kafka container did not answer on ${brokers} within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

async function provisionPostgres(
  purpose: InfrastructurePurpose,
  dockerUsable: () => Promise<boolean>,
): Promise<Provisioned> {
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (fromEnv) {
    await assertPostgresAnswers(fromEnv, 'DATABASE_URL is set, but');
    return {
      address: fromEnv,
      describe: `postgres: ${redact(fromEnv)} (from DATABASE_URL)`,
      stop: nothingToStop,
    };
  }
  if (await dockerUsable()) return startPostgresContainer();
  const why =
    purpose === 'test'
      ? 'DATABASE_URL is not set and Docker is not usable, and the default'
      : 'DATABASE_URL is not set, and the default';
  await assertPostgresAnswers(DEFAULT_DATABASE_URL, why);
  return {
    address: DEFAULT_DATABASE_URL,
    describe: `postgres: ${DEFAULT_DATABASE_URL} (local default)`,
    stop: nothingToStop,
  };
}

async function startPostgresContainer(): Promise<Provisioned> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer(POSTGRES_IMAGE).start();
  const url = container.getConnectionUri();
  try {
    await assertPostgresAnswers(url, 'the container started, but');
  } catch (err: unknown) {
    await container.stop();
    throw err;
  }
  return {
    address: url,
    describe: `postgres: container ${POSTGRES_IMAGE} at ${container.getHost()}:${container.getPort()} (started)`,
    stop: () => container.stop().then(noop),
  };
}

async function assertPostgresAnswers(url: string, context: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err: unknown) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `${context} PostgreSQL at ${redact(url)} does not answer "select 1" (${reason}). ` +
        'Start PostgreSQL there, or set DATABASE_URL=postgres://user:password@host:port/database.',
    );
  } finally {
    await client.end().catch(noop);
  }
}

/** Banners and errors end up in CI logs; never print a password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

// ---------------------------------------------------------------------------------------------
// Docker and helpers
// ---------------------------------------------------------------------------------------------

/**
 * Asks testcontainers itself (it also honours DOCKER_HOST, ~/.testcontainers.properties, rootless
 * and Podman sockets): a `docker` client on PATH says nothing about whether a daemon answers.
 * Imported lazily: loading testcontainers costs about a second that the fallback paths do not need.
 */
async function isDockerUsable(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<never>((_, rejectTimeout) => {
      timer = setTimeout(() => rejectTimeout(new Error('docker probe timed out')), DOCKER_PROBE_TIMEOUT_MS);
    });
    await Promise.race([getContainerRuntimeClient(), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function stopAll(dependencies: Provisioned[]): Promise<void> {
  const results = await Promise.allSettled(dependencies.map((dependency) => dependency.stop()));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
  if (failures.length > 0) throw new Error(`stopping infrastructure failed: ${failures.join('; ')}`);
}

/** Runs `create` once and hands every caller the same promise (one Docker probe, one stop). */
function memoize<T>(create: () => Promise<T> | T): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= Promise.resolve().then(create));
}

/** Swallows a result or an error on purpose (see the callers). */
function noop(): void {}

/** stop() of a dependency that was already there: it is not ours to stop. */
async function nothingToStop(): Promise<void> {}
