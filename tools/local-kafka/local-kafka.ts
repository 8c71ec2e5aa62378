/**
 * A real single-node Kafka broker (KRaft) without Docker: the broker jars come from Maven Central
 * (resolved once into <repoRoot>/.cache/kafka/<version>/libs) and run on the local JVM.
 * See tools/local-kafka/README.md and docs/platform-notes.md.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import {
  assertCommandWorks,
  errorMessage,
  fetchMavenJars,
  isProcessAlive,
  JAVA_HINT,
  javaBin,
  pathExists,
  processOutput,
  withLock,
} from '../maven-jars';

/** The Kafka release the local broker (and compose, and testcontainers) runs unless LOCAL_KAFKA_VERSION says another. */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

/**
 * LOCAL_KAFKA_VERSION picks another release from Maven Central (e.g. to run the suite against a newer
 * Kafka: docs/operations.md, "Kafka versions"); 3.x and 4.x are supported (their logging backends differ).
 */
export const KAFKA_VERSION = kafkaVersionFromEnv(process.env.LOCAL_KAFKA_VERSION);

export function kafkaVersionFromEnv(raw: string | undefined): string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_KAFKA_VERSION;
  const version = raw.trim();
  if (!/^[34]\.\d+\.\d+$/.test(version))
    throw new Error(`LOCAL_KAFKA_VERSION=${raw} is not a Kafka 3.x or 4.x release (e.g. 4.4.0)`);
  return version;
}

/** Kafka 4 logs through Log4j 2 (log4j-slf4j-impl); Kafka 3 through reload4j. */
function isKafka4(version: string): boolean {
  return version.startsWith('4.');
}

export interface LocalKafkaOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  /** Delete dataDir before starting and after stop(): every run starts from an empty cluster. */
  ephemeral?: boolean;
  heapMb?: number;
  /** SASL/PLAIN on every listener and the StandardAuthorizer: only ACLs (or `superUser`) allow anything. */
  sasl?: LocalKafkaSasl;
}

/** A broker that authenticates and authorizes, for the Kafka ACL tests (test/e2e/kafka-acls). */
export interface LocalKafkaSasl {
  /** Username to password; the broker accepts exactly these. */
  users: Record<string, string>;
  /** The one user every ACL check lets through: the broker itself and whoever creates the ACLs. */
  superUser: string;
}

export interface LocalKafka {
  brokers: string;
  /** 0 when the broker was already running and its pid is unknown. */
  pid: number;
  startedByUs: boolean;
  stop(): Promise<void>;
}

const execFileAsync = promisify(execFile);

const TOOL_DIR = __dirname;
const REPO_ROOT = resolve(TOOL_DIR, '..', '..');
const POM_PATH = join(TOOL_DIR, 'pom.xml');
const LOG4J_PATH = join(TOOL_DIR, 'log4j.properties');
const LOG4J2_PATH = join(TOOL_DIR, 'log4j2.properties');
/** Present in the libs folder only once Maven resolved the broker itself. */
const BROKER_JAR = `kafka_2.13-${KAFKA_VERSION}.jar`;

const DEFAULT_HEAP_MB = 512;
const READY_TIMEOUT_MS = 90_000;
const READY_POLL_MS = 500;
const STOP_GRACE_MS = 30_000;
/** A start can include formatting and a 90 s readiness wait, so a waiter must outlast that. */
const START_LOCK_WAIT_MS = 3 * 60_000;
const LOG_TAIL_LINES = 40;

// ---------------------------------------------------------------------------------------------
// Jars
// ---------------------------------------------------------------------------------------------

/** Resolves the broker jars once; later calls (and concurrent ones) reuse the cached folder. */
export async function fetchKafkaJars(): Promise<string> {
  return fetchMavenJars({
    label: `Kafka ${KAFKA_VERSION}`,
    pomPath: POM_PATH,
    libsDir: join(REPO_ROOT, '.cache', 'kafka', KAFKA_VERSION, 'libs'),
    completeWhen: BROKER_JAR,
    properties: { 'kafka.version': KAFKA_VERSION, ...slf4jBinding(KAFKA_VERSION) },
    approximateMb: 60,
  });
}

/** The SLF4J binding of the Kafka line: the broker declares it compile-only, so without one it logs nothing. */
function slf4jBinding(version: string): Record<string, string> {
  const [groupId, artifactId, bindingVersion] = isKafka4(version)
    ? ['org.apache.logging.log4j', 'log4j-slf4j-impl', '2.25.5']
    : ['org.slf4j', 'slf4j-reload4j', '1.7.36'];
  return {
    'slf4j.binding.groupId': groupId,
    'slf4j.binding.artifactId': artifactId,
    'slf4j.binding.version': bindingVersion,
  };
}

// ---------------------------------------------------------------------------------------------
// Broker lifecycle
// ---------------------------------------------------------------------------------------------

/** Starts a broker unless one already answers on the port; resolves once it serves metadata. */
export async function startLocalKafka(options: LocalKafkaOptions): Promise<LocalKafka> {
  const dataDir = resolve(options.dataDir);
  const brokers = `127.0.0.1:${options.port}`;
  if (await isKafkaReachable(brokers, 3_000, options.sasl)) return reuseRunningBroker(brokers, dataDir);

  const libsDir = await fetchKafkaJars();
  await mkdir(dirname(dataDir), { recursive: true });
  // The lock sits next to dataDir because an ephemeral dataDir is deleted while we hold it.
  return withLock(`${dataDir}.lock`, START_LOCK_WAIT_MS, async () => {
    // Re-check under the lock: a concurrent caller may just have started the broker.
    if (await isKafkaReachable(brokers, 3_000, options.sasl)) return reuseRunningBroker(brokers, dataDir);
    return launchBroker({ ...options, dataDir }, libsDir, brokers);
  });
}

async function reuseRunningBroker(brokers: string, dataDir: string): Promise<LocalKafka> {
  return { brokers, pid: await readLivePid(dataDir), startedByUs: false, stop: () => Promise.resolve() };
}

async function launchBroker(
  options: LocalKafkaOptions,
  libsDir: string,
  brokers: string,
): Promise<LocalKafka> {
  const { dataDir } = options;
  // Cached jars skip fetchKafkaJars' checks, and a missing java would otherwise read as a format failure.
  await assertCommandWorks(javaBin(), ['-version'], 'java', JAVA_HINT);
  if (options.ephemeral) await rm(dataDir, { recursive: true, force: true });
  await assertPortFree(options.port);
  await assertPortFree(options.controllerPort);
  await mkdir(join(dataDir, 'logs'), { recursive: true });

  const propertiesPath = await writeServerProperties(options);
  await formatStorageOnce(libsDir, dataDir, propertiesPath);

  const startedAt = Date.now();
  const child = spawnBroker(libsDir, dataDir, propertiesPath, options.heapMb ?? DEFAULT_HEAP_MB);
  const pid = child.pid ?? 0;
  // If the caller exits without stop(), the broker still gets a graceful shutdown signal.
  const terminateOnExit = (): void => {
    signalIfRunning(child, 'SIGTERM');
  };
  process.once('exit', terminateOnExit);

  try {
    await waitUntilReady(brokers, child, options.sasl);
  } catch (err: unknown) {
    process.removeListener('exit', terminateOnExit);
    await terminate(child, 5_000);
    throw new Error(`${errorMessage(err)}\n${await logTail(brokerLogPath(dataDir))}`);
  }
  await writeFile(join(dataDir, 'kafka.pid'), String(pid));
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  process.stderr.write(`local Kafka ${KAFKA_VERSION} ready on ${brokers} in ${seconds} s (pid ${pid})\n`);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopBroker(child, options, () => process.removeListener('exit', terminateOnExit));
    return stopping;
  };
  return { brokers, pid, startedByUs: true, stop };
}

async function stopBroker(
  child: ChildProcess,
  options: LocalKafkaOptions,
  unhook: () => void,
): Promise<void> {
  unhook();
  await terminate(child, STOP_GRACE_MS);
  await rm(join(options.dataDir, 'kafka.pid'), { force: true });
  if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
}

/** Kafka's own defaults assume a multi-core server; these suit a laptop or a 2-core CI box. */
function serverProperties(options: LocalKafkaOptions): string {
  const { port, controllerPort, dataDir } = options;
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': join(dataDir, 'data'),
    // Topics are created explicitly (tools/create-topics.ts), so a typo must fail, not create a topic.
    'auto.create.topics.enable': false,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    // Fewer internal partitions: the first consumer group joins faster on a single small node.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'background.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    'num.replica.fetchers': 1,
    'log.cleaner.threads': 1,
    // Dev data only: a day of history, small segments so retention can actually delete them.
    'log.retention.hours': 24,
    'log.retention.bytes': 256 * 1024 * 1024,
    'log.segment.bytes': 64 * 1024 * 1024,
    'log.retention.check.interval.ms': 60_000,
    ...(options.sasl === undefined ? {} : saslProperties(options)),
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${String(value)}`);
  return `# Written by tools/local-kafka/local-kafka.ts on every start; edits are overwritten.\n${lines.join('\n')}\n`;
}

/**
 * Both listeners speak SASL/PLAIN (the broker reaches its own controller as the super user, so no
 * unauthenticated principal needs rights), and the KRaft StandardAuthorizer denies what no ACL allows.
 */
function saslProperties(options: LocalKafkaOptions): Record<string, string> {
  const { port, controllerPort, sasl } = options;
  if (sasl === undefined) return {};
  const password = sasl.users[sasl.superUser];
  if (password === undefined) throw new Error(`sasl.superUser ${sasl.superUser} is not in sasl.users`);
  const users = Object.entries(sasl.users).map(([name, secret]) => ` user_${name}="${secret}"`);
  const jaas =
    'org.apache.kafka.common.security.plain.PlainLoginModule required ' +
    `username="${sasl.superUser}" password="${password}"${users.join('')};`;
  return {
    listeners: `SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `SASL_PLAINTEXT://127.0.0.1:${port}`,
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': jaas,
    'listener.name.controller.plain.sasl.jaas.config': jaas,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:${sasl.superUser}`,
    'allow.everyone.if.no.acl.found': 'false',
  };
}

async function writeServerProperties(options: LocalKafkaOptions): Promise<string> {
  const propertiesPath = join(options.dataDir, 'server.properties');
  await writeFile(propertiesPath, serverProperties(options));
  return propertiesPath;
}

/** Formatting costs a JVM start (seconds on 2 cores), so it runs only for an empty data dir. */
async function formatStorageOnce(libsDir: string, dataDir: string, propertiesPath: string): Promise<void> {
  if (await pathExists(join(dataDir, 'data', 'meta.properties'))) return;
  const clusterId = await readOrCreateClusterId(dataDir);
  const args = [
    '-Xmx256m',
    '-XX:TieredStopAtLevel=1',
    ...loggingJvmArgs(dataDir),
    '-cp',
    join(libsDir, '*'),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    propertiesPath,
    '--ignore-formatted',
  ];
  try {
    await execFileAsync(javaBin(), args, { cwd: dataDir });
  } catch (err: unknown) {
    throw new Error(`formatting Kafka storage in ${dataDir} failed\n${processOutput(err)}`);
  }
}

/** Kept in the data dir so a restart (or a re-format after deleting data/) keeps the same cluster. */
async function readOrCreateClusterId(dataDir: string): Promise<string> {
  const idPath = join(dataDir, 'cluster-id');
  const existing = await readFile(idPath, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  const clusterId = newClusterId();
  await writeFile(idPath, `${clusterId}\n`);
  return clusterId;
}

/**
 * Same format as `StorageTool random-uuid` (16 random bytes, URL-safe base64, no padding) without
 * paying for a JVM start. Kafka rejects ids starting with '-' (they look like CLI flags).
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function loggingJvmArgs(dataDir: string): string[] {
  const configuration = isKafka4(KAFKA_VERSION)
    ? `-Dlog4j2.configurationFile=${pathToFileURL(LOG4J2_PATH).href}`
    : `-Dlog4j.configuration=${pathToFileURL(LOG4J_PATH).href}`;
  return [configuration, `-Dkafka.logs.dir=${join(dataDir, 'logs')}`];
}

function brokerLogPath(dataDir: string): string {
  return join(dataDir, 'kafka.out');
}

function spawnBroker(libsDir: string, dataDir: string, propertiesPath: string, heapMb: number): ChildProcess {
  const args = [
    `-Xms${heapMb}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    ...loggingJvmArgs(dataDir),
    '-cp',
    join(libsDir, '*'),
    'kafka.Kafka',
    propertiesPath,
  ];
  const logFd = openSync(brokerLogPath(dataDir), 'a');
  try {
    // detached: its own process group, so Ctrl-C in a terminal reaches only us and stop() controls
    // the shutdown order instead of the JVM racing it.
    const child = spawn(javaBin(), args, { cwd: dataDir, stdio: ['ignore', logFd, logFd], detached: true });
    child.on('error', () => undefined); // surfaced by waitUntilReady as an early exit
    return child;
  } finally {
    closeSync(logFd);
  }
}

async function waitUntilReady(brokers: string, child: ChildProcess, sasl?: LocalKafkaSasl): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited(child)) {
      throw new Error(
        `Kafka broker exited during startup (code ${child.exitCode}, signal ${child.signalCode})`,
      );
    }
    if (await isKafkaReachable(brokers, 2_000, sasl)) return;
    await sleep(READY_POLL_MS);
  }
  throw new Error(`Kafka broker did not answer on ${brokers} within ${READY_TIMEOUT_MS / 1000} s`);
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process is gone. */
async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  const exited = waitForExit(child, graceMs);
  signalIfRunning(child, 'SIGTERM');
  if (await exited) return;
  process.stderr.write(
    `Kafka broker (pid ${child.pid}) ignored SIGTERM for ${graceMs / 1000} s; killing it\n`,
  );
  const killed = waitForExit(child, 10_000);
  signalIfRunning(child, 'SIGKILL');
  await killed;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalIfRunning(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!hasExited(child)) child.kill(signal);
}

async function readLivePid(dataDir: string): Promise<number> {
  const pid = Number((await readFile(join(dataDir, 'kafka.pid'), 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) ? pid : 0;
}

/** A port held by something that is not Kafka would otherwise surface as a 90 s readiness timeout. */
async function assertPortFree(port: number): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen({ port, host: '127.0.0.1', exclusive: true }, resolveListen);
    });
  } catch (err: unknown) {
    throw new Error(
      `port 127.0.0.1:${port} is in use by something that is not a Kafka broker (${errorMessage(err)}); ` +
        'free it or use other ports',
    );
  } finally {
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  }
}

async function logTail(logPath: string): Promise<string> {
  const text = await readFile(logPath, 'utf8').catch(() => '');
  const lines = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
  return `--- last ${lines.length} lines of ${logPath} ---\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Probing
// ---------------------------------------------------------------------------------------------

/** True when a broker at `brokers` (comma-separated host:port) answers a metadata request. */
export async function isKafkaReachable(
  brokers: string,
  timeoutMs = 3_000,
  sasl?: LocalKafkaSasl,
): Promise<boolean> {
  const kafka = new Kafka({
    ...(sasl === undefined
      ? {}
      : {
          sasl: {
            mechanism: 'plain' as const,
            username: sasl.superUser,
            password: sasl.users[sasl.superUser] ?? '',
          },
        }),
    clientId: 'hookline-kafka-probe',
    brokers: brokers.split(',').map((broker) => broker.trim()),
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    // A probe is expected to fail while the broker boots; kafkajs would log every attempt.
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    const cluster = await withTimeout(
      admin.connect().then(() => admin.describeCluster()),
      timeoutMs,
    );
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, rejectTimeout) => {
    timer = setTimeout(() => rejectTimeout(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
