import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { topicNames } from '@hookline/contracts';
import {
  PlatformClient,
  SERVICE_NAMES,
  TestReceiver,
  createTestDatabase,
  freePort,
  generatePlatformSecrets,
  startLocalPlatform,
  waitFor,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';
import { applyServiceAcls } from '../../tools/kafka-acls/apply-service-acls';
import { KAFKA_PRINCIPALS, type KafkaPrincipal } from '../../tools/kafka-acls/service-acls';
import { startLocalKafka, type LocalKafka } from '../../tools/local-kafka/local-kafka';

const ROOT = resolve(__dirname, '..', '..');
const SUPER_USER = 'admin';
/** Each principal's username is its name; passwords are fresh per run. */
const PASSWORDS = Object.fromEntries(
  [SUPER_USER, ...KAFKA_PRINCIPALS].map((user) => [user, randomBytes(12).toString('hex')]),
) as Record<KafkaPrincipal | typeof SUPER_USER, string>;
const USERNAMES = Object.fromEntries(KAFKA_PRINCIPALS.map((p) => [p, p])) as Record<KafkaPrincipal, string>;

/**
 * The Kafka ACLs of docs/operations.md ("Kafka principals and ACLs", tools/kafka-acls/service-acls.ts), on a
 * broker of our own that authenticates (SASL/PLAIN) and authorizes (KRaft's StandardAuthorizer, nothing
 * allowed without an ACL): the topics job creates every topic as its principal, the four services run each
 * on its own principal with exactly the documented ACLs and carry an event from ingest to a delivered
 * webhook and a health record, and what a principal must not do is refused.
 */
describe('Kafka ACLs: every service on its own principal', () => {
  const namespace = `acl${randomBytes(3).toString('hex')}.`;
  const topics = topicNames(namespace);
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  const logDir = join(ROOT, 'reports', 'logs', namespace);
  let broker: LocalKafka;
  let brokerDir: string;
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;

  const kafkaAs = (user: KafkaPrincipal | typeof SUPER_USER) =>
    new Kafka({
      clientId: `acl-test-${user}`,
      brokers: [broker.brokers],
      sasl: { mechanism: 'plain', username: user, password: PASSWORDS[user] },
      retry: { retries: 0 },
      logLevel: logLevel.NOTHING,
    });
  const saslEnv = (user: KafkaPrincipal) => ({
    KAFKA_SASL_MECHANISM: 'plain',
    KAFKA_SASL_USERNAME: user,
    KAFKA_SASL_PASSWORD: PASSWORDS[user],
  });

  beforeAll(async () => {
    broker = await startLocalKafka({
      port: await freePort(),
      controllerPort: await freePort(),
      dataDir: join((brokerDir = await mkdtemp(join(tmpdir(), 'hookline-acl-kafka-'))), 'broker'),
      ephemeral: true,
      heapMb: 384,
      sasl: { users: PASSWORDS, superUser: SUPER_USER },
    });
    const admin = kafkaAs(SUPER_USER).admin();
    await admin.connect();
    try {
      await applyServiceAcls(admin, namespace, USERNAMES);
    } finally {
      await admin.disconnect();
    }
    database = await createTestDatabase();
    // The topics job, as the chart runs it before the services (which then run with KAFKA_CREATE_TOPICS=false).
    await promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'tools', 'create-topics.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        KAFKA_BROKERS: broker.brokers,
        KAFKA_TOPIC_NAMESPACE: namespace,
        KAFKA_PARTITIONS: '3',
        DATABASE_URL: database.url,
        ...saslEnv('topics'),
      },
    });
    await receiver.start();
    platform = await startLocalPlatform({
      kafkaBrokers: broker.brokers,
      databaseUrl: database.url,
      secrets,
      namespace,
      extra: { KAFKA_CREATE_TOPICS: 'false' },
      serviceEnv: Object.fromEntries(SERVICE_NAMES.map((service) => [service, saslEnv(service)])),
      logDir,
      readyTimeoutMs: 150_000,
    });
    client = new PlatformClient(platform.urls, secrets);
    // A broker, the topics job and four services on a loaded 2-core machine: minutes, not seconds.
  }, 480_000);

  afterAll(async () => {
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
    await broker?.stop();
    if (brokerDir !== undefined) await rm(brokerDir, { recursive: true, force: true });
  }, 120_000);

  it('delivers an event and records the endpoint healthy, each service on its own principal', async () => {
    const tenant = await client.createTenant({ id: `acl-${randomBytes(3).toString('hex')}`, name: 'ACL' });
    const endpoint = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/hooks'),
      eventTypes: ['order.*'],
    });
    const published = await client.publishEvent({
      id: 'evt_kafka_acls_1',
      type: 'order.created',
      subject: 'ord_1',
      tenant: tenant.id,
      data: { total: 1 },
    });
    expect(published.status).toBe(202);
    await waitFor(() => receiver.requests[0], { what: 'the webhook', timeoutMs: 90_000 });
    const health = await waitFor(
      async () => {
        const response = await client.endpointHealth(tenant.apiKey, endpoint.id);
        return response.status === 200 && response.body.lastSuccessAt !== null ? response.body : undefined;
      },
      { what: 'lastSuccessAt', timeoutMs: 90_000 },
    );
    expect(health.lastSuccessAt).toEqual(expect.any(String));
  });

  it('logs no authorization failure in any service', async () => {
    const refusals = await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const log = await readFile(platform.processes[service].logFile, 'utf8');
        return log.split('\n').filter((line) => /not authorized|authorization.failed/i.test(line));
      }),
    );
    expect(refusals.flat()).toEqual([]);
  });

  const refusedSend = async (user: KafkaPrincipal, topic: string) => {
    const producer = kafkaAs(user).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value: 'must not land' }] });
    } finally {
      await producer.disconnect();
    }
  };

  it.each([
    ['delivery', 'ingest'],
    ['delivery', 'events'],
    // Reserved types are trusted only from the operational notices topic: nobody but subscription writes it.
    ['producer', 'operationalNotices'],
    ['delivery', 'operationalNotices'],
    ['subscription', 'ingest'],
    ['health', 'events'],
    ['subscription', 'deliveryOutcomes'],
    ['producer', 'subscriptions'],
    ['topics', 'events'],
  ] as const)('refuses %s writing %s', async (user, role) => {
    await expect(refusedSend(user, topics[role])).rejects.toThrow(/authorization failed/i);
  });

  it.each([
    ['producer', 'endpointHealth'],
    ['subscription', 'deliveryOutcomes'],
    ['health', 'ingest'],
    ['delivery', 'ingest'],
  ] as const)('refuses %s describing (so reading) %s', async (user, role) => {
    // Kafka's READ implies DESCRIBE: a principal that may not describe a topic cannot read it either.
    const admin = kafkaAs(user).admin();
    await admin.connect();
    try {
      await expect(admin.fetchTopicOffsets(topics[role])).rejects.toThrow(/authorization failed/i);
    } finally {
      await admin.disconnect();
    }
  });

  /**
   * The authorization errors among the broker's answers while `action` runs as `user`. kafkajs hides some refusals
   * behind its own errors (a refused FindCoordinator surfaces as "No brokers in the broker pool"), so the
   * client's debug log, which carries each answer's error, is read as well as what is thrown.
   */
  const brokerErrors = async (user: KafkaPrincipal, action: (kafka: Kafka) => Promise<unknown>) => {
    const types = new Set<string>();
    const note = (error: unknown) => {
      const found = error as { type?: string; errors?: unknown[] } | undefined;
      if (typeof found?.type === 'string') types.add(found.type);
      found?.errors?.forEach(note);
    };
    const kafka = new Kafka({
      clientId: `acl-test-${user}`,
      brokers: [broker.brokers],
      sasl: { mechanism: 'plain', username: user, password: PASSWORDS[user] },
      retry: { retries: 1, initialRetryTime: 100 },
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => note(entry.log.error),
    });
    await action(kafka).catch(note);
    // Only refusals: a loaded broker may also answer "coordinator loading", which a retry outlives.
    return [...types].filter((type) => type.endsWith('AUTHORIZATION_FAILED'));
  };

  it("refuses a service another service's consumer group, and allows the owner its own", async () => {
    const fetchOffsets = (groupId: string) => (kafka: Kafka) =>
      withAdmin(kafka, (admin) => admin.fetchOffsets({ groupId, topics: [topics.events] }));
    const producerGroup = `${namespace}hookline.producer.ingest`;
    expect(await brokerErrors('delivery', fetchOffsets(producerGroup))).toContain(
      'GROUP_AUTHORIZATION_FAILED',
    );
    expect(await brokerErrors('health', fetchOffsets(producerGroup))).toContain('GROUP_AUTHORIZATION_FAILED');
    const deliveryGroup = `${namespace}hookline.delivery.events`;
    expect(await brokerErrors('delivery', fetchOffsets(deliveryGroup))).toEqual([]);
  });

  it("refuses every principal but the producer the outbox relay's transactional id", async () => {
    const transactionalId = `${namespace}hookline.producer.outbox-relay-acl-test`;
    const beginTransaction = async (kafka: Kafka) => {
      const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      try {
        const transaction = await producer.transaction();
        await transaction.abort();
      } finally {
        await producer.disconnect();
      }
    };
    // Kafka 4.4 answers these clients CLUSTER_AUTHORIZATION_FAILED (kafkajs's producer-id request); the
    // producer's own principal, the only one with the transactional-id ACL, runs the same code untroubled.
    for (const user of ['subscription', 'delivery', 'health', 'topics'] as const) {
      expect(await brokerErrors(user, beginTransaction)).not.toEqual([]);
    }
    expect(await brokerErrors('producer', beginTransaction)).toEqual([]);
  });

  it('refuses every service creating a topic (only the topics job may)', async () => {
    for (const service of SERVICE_NAMES) {
      const created = (kafka: Kafka) =>
        withAdmin(kafka, (admin) =>
          admin.createTopics({ topics: [{ topic: `${namespace}hookline.${service}-made.v1` }] }),
        );
      expect(await brokerErrors(service, created)).toContain('TOPIC_AUTHORIZATION_FAILED');
    }
  });
});

async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
