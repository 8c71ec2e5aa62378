import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Consumer, KafkaMessage } from 'kafkajs';
import {
  eventPartitionKey,
  tenantRecordKey,
  type DeliveryOutcome,
  type EndpointRecord,
  type HooklineEvent,
  type TenantRecord,
} from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import {
  createTestDatabase,
  createTestKafka,
  freePort,
  generatePlatformSecrets,
  platformServiceEnv,
  startServiceProcess,
  testKafkaBrokers,
  waitFor,
  type ServiceProcess,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import {
  SecretBox,
  generateApiKey,
  generateEndpointSecret,
  hashApiKey,
  signingSecretBinding,
} from '@hookline/webhook-crypto';

/** Test code reads response bodies field by field; `any` keeps those reads short. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface HarnessOptions {
  /** Extra environment for the delivery process (a compressed retry schedule, a short timeout, …). */
  env?: Record<string, string>;
  allowLoopback?: boolean;
  partitions?: number;
}

export interface TestEndpoint {
  id: string;
  secret: string;
  record: EndpointRecord;
}

/**
 * The delivery service as its own process, on real Kafka and Postgres, fed the way the other services feed
 * it: tenant and endpoint records on the subscriptions topic (written here as the subscription service
 * writes them, secrets encrypted with the shared keyring) and events on the events topic.
 */
export class DeliveryHarness {
  readonly secrets = generatePlatformSecrets();
  readonly box = SecretBox.fromKeyringString(this.secrets.secretEncryptionKeys);
  kafka!: TestKafka;
  database!: TestDatabase;
  publisher!: KafkaPublisher;
  process?: ServiceProcess;
  /** Further delivery processes (same group, same topics), as a scaled-out deployment runs them. */
  readonly replicas: ServiceProcess[] = [];
  private port = 0;
  private endpointVersions = new Map<string, number>();
  private readonly collected = new Map<string, KafkaMessage[]>();
  private readonly collectors: Consumer[] = [];

  constructor(private readonly options: HarnessOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logDir(): string {
    return join(__dirname, '..', '..', '..', '..', 'reports', 'logs', this.kafka.namespace);
  }

  /** Kafka topics and the database; the process starts with `startDelivery`. */
  async prepare(): Promise<this> {
    this.kafka = await createTestKafka(this.options.partitions ?? 3);
    this.database = await createTestDatabase();
    this.publisher = new KafkaPublisher(this.kafka.kafka, this.kafka.logger);
    await this.publisher.connect();
    this.port = await freePort();
    return this;
  }

  async startDelivery(env: Record<string, string> = {}): Promise<ServiceProcess> {
    this.process = await this.startProcess(this.port, 'delivery.log', env);
    return this.process;
  }

  /** One more delivery process on its own port: another replica of the same deployment. */
  async startReplica(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const replica = await this.startProcess(
      await freePort(),
      `delivery-${this.replicas.length + 2}.log`,
      env,
    );
    this.replicas.push(replica);
    return replica;
  }

  private startProcess(port: number, logName: string, env: Record<string, string>): Promise<ServiceProcess> {
    return startServiceProcess({
      service: 'delivery',
      port,
      logFile: join(this.logDir, logName),
      env: {
        ...platformServiceEnv(
          {
            kafkaBrokers: testKafkaBrokers(),
            databaseUrl: this.database.url,
            secrets: this.secrets,
            namespace: this.kafka.namespace,
            allowLocalEndpoints: this.options.allowLoopback ?? true,
            logLevel: 'info',
          },
          port,
        ),
        ...this.options.env,
        ...env,
      },
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.collectors.map((consumer) => consumer.disconnect()));
    const running = [this.process, ...this.replicas].filter((service) => service !== undefined);
    await Promise.all(running.map((service) => service.stop()));
    await this.publisher?.disconnect();
    await this.database?.drop();
  }

  async createTenant(id = `t${randomBytes(4).toString('hex')}`): Promise<{ id: string; apiKey: string }> {
    const apiKey = generateApiKey();
    const now = new Date().toISOString();
    const record: TenantRecord = {
      kind: 'tenant',
      id,
      name: id,
      apiKeys: [{ id: `key_${id}`, hash: hashApiKey(apiKey), revokedAt: null }],
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.putRecord(tenantRecordKey(id), record);
    return { id, apiKey };
  }

  async createEndpoint(
    tenantId: string,
    overrides: Partial<EndpointRecord> & { url: string },
  ): Promise<TestEndpoint> {
    const secret = generateEndpointSecret();
    const id = overrides.id ?? `ep_${randomBytes(6).toString('hex')}`;
    const now = new Date(Date.now() - 60_000).toISOString();
    const record: EndpointRecord = {
      kind: 'endpoint',
      id,
      tenantId,
      description: '',
      eventTypes: ['*'],
      entityTypes: [],
      headers: {},
      rateLimitPerSecond: null,
      enabled: true,
      disabledReason: null,
      secrets: [
        {
          id: `sec_${id}`,
          encrypted: this.box.encrypt(secret, signingSecretBinding(tenantId, id)),
          createdAt: now,
        },
      ],
      version: 1,
      createdAt: now,
      updatedAt: now,
      ...overrides,
    };
    this.endpointVersions.set(id, record.version);
    await this.putRecord(id, record);
    return { id, secret, record };
  }

  /** A newer version of an endpoint (disable it, change its URL, …), as the subscription service would. */
  async updateEndpoint(endpoint: TestEndpoint, changes: Partial<EndpointRecord>): Promise<TestEndpoint> {
    const version = (this.endpointVersions.get(endpoint.id) ?? 1) + 1;
    this.endpointVersions.set(endpoint.id, version);
    const record = { ...endpoint.record, ...changes, version, updatedAt: new Date().toISOString() };
    await this.putRecord(endpoint.id, record);
    return { ...endpoint, record };
  }

  /** Resolves once the running delivery process knows the endpoint (as the tenant sees it over HTTP). */
  async waitUntilKnown(apiKey: string, endpointId: string): Promise<void> {
    await waitFor(
      async () => (await this.api('POST', `/v1/endpoints/${endpointId}/recover`, apiKey, {})).status === 202,
      { what: `delivery to know endpoint ${endpointId}`, timeoutMs: 30_000, intervalMs: 200 },
    );
  }

  event(tenantId: string, overrides: Partial<HooklineEvent> = {}): HooklineEvent {
    return {
      specversion: '1.0',
      id: `evt_${randomBytes(8).toString('hex')}`,
      source: `/hookline/tenants/${tenantId}`,
      type: 'customer.created',
      subject: `cus_${randomBytes(4).toString('hex')}`,
      time: new Date().toISOString(),
      tenantid: tenantId,
      datacontenttype: 'application/json',
      data: { name: 'Ada Lovelace' },
      ...overrides,
    };
  }

  async publishEvents(events: HooklineEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 1_000) {
      await this.publisher.publish(
        events.slice(start, start + 1_000).map((event) => ({
          topic: this.kafka.topics.events,
          key: eventPartitionKey(event),
          value: JSON.stringify(event),
        })),
      );
    }
  }

  async publishRaw(value: string, key = 'raw'): Promise<void> {
    await this.publisher.publish([{ topic: this.kafka.topics.events, key, value }]);
  }

  /** Every record of the topic so far, kept current by a consumer that reads it from the beginning. */
  async collect(topic: string): Promise<KafkaMessage[]> {
    const existing = this.collected.get(topic);
    if (existing !== undefined) return existing;
    const records: KafkaMessage[] = [];
    this.collected.set(topic, records);
    const consumer = this.kafka.kafka.consumer({ groupId: `collect-${randomBytes(6).toString('hex')}` });
    this.collectors.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        records.push(message);
        return Promise.resolve();
      },
    });
    return records;
  }

  /** The outcomes published so far, as parsed records. */
  async outcomes(): Promise<DeliveryOutcome[]> {
    const records = await this.collect(this.kafka.topics.deliveryOutcomes);
    return records.map((record) => JSON.parse(String(record.value)) as DeliveryOutcome);
  }

  /** Waits until `count` outcomes match, then returns them in attempt order. */
  async outcomesWhere(
    predicate: (outcome: DeliveryOutcome) => boolean,
    count: number,
    timeoutMs = 60_000,
  ): Promise<DeliveryOutcome[]> {
    const found = await waitFor(
      async () => {
        const matching = (await this.outcomes()).filter(predicate);
        return matching.length >= count ? matching : undefined;
      },
      { what: `${count} matching outcomes`, timeoutMs, intervalMs: 200 },
    );
    return found.sort((a, b) => a.attempt - b.attempt || Date.parse(a.startedAt) - Date.parse(b.startedAt));
  }

  readTopic(topic: string, count: number, timeoutMs = 60_000): Promise<KafkaMessage[]> {
    return this.kafka.readTopic(topic, count, timeoutMs);
  }

  async api(
    method: string,
    path: string,
    apiKey: string,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  private async putRecord(key: string, record: EndpointRecord | TenantRecord): Promise<void> {
    await this.publisher.publish([
      { topic: this.kafka.topics.subscriptions, key, value: JSON.stringify(record) },
    ]);
  }
}
