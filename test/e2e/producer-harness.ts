import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaMessage } from 'kafkajs';
import type { EventTypeRecord, HooklineEvent, TenantRecord } from '@hookline/contracts';
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

const AT = '2026-11-23T10:00:00.000Z';

/**
 * The producer as its own process (built dist/, real HTTP) on a fresh database and topic namespace, with
 * helpers that act as the subscription service would (tenant and event-type records on the real topic).
 */
export class ProducerHarness {
  readonly secrets = generatePlatformSecrets();
  database!: TestDatabase;
  kafka!: TestKafka;
  publisher!: KafkaPublisher;
  process!: ServiceProcess;
  private port = 0;
  private logDir = '';
  private baseEnv: Record<string, string> = {};

  async start(extraEnv: Record<string, string> = {}): Promise<this> {
    this.database = await createTestDatabase();
    this.kafka = await createTestKafka();
    this.publisher = new KafkaPublisher(this.kafka.kafka, this.kafka.logger);
    await this.publisher.connect();
    this.port = await freePort();
    this.logDir = join(__dirname, '..', '..', 'reports', 'logs', `${this.kafka.namespace}producer`);
    this.baseEnv = extraEnv;
    await this.launch();
    return this;
  }

  /** Starts (again) the producer process with the same database, namespace, port and `start` env. */
  async launch(extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const env = platformServiceEnv(
      {
        kafkaBrokers: testKafkaBrokers(),
        databaseUrl: this.database.url,
        secrets: this.secrets,
        namespace: this.kafka.namespace,
        logLevel: 'info',
      },
      this.port,
    );
    this.process = await startServiceProcess({
      service: 'producer',
      env: { ...env, ...this.baseEnv, ...extraEnv },
      port: this.port,
      logFile: join(this.logDir, `producer-${Date.now()}.log`),
    });
    return this.process;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    await this.publisher?.disconnect();
    await this.database?.drop();
  }

  async createTenant(id = `t${randomBytes(4).toString('hex')}`): Promise<string> {
    const record: TenantRecord = {
      kind: 'tenant',
      id,
      name: id,
      apiKeys: [],
      version: 1,
      createdAt: AT,
      updatedAt: AT,
    };
    await this.publisher.publish([
      { topic: this.kafka.topics.subscriptions, key: `tenant:${id}`, value: JSON.stringify(record) },
    ]);
    return id;
  }

  async registerEventType(
    tenantId: string,
    type: string,
    schema: Record<string, unknown> | null,
    archived = false,
  ): Promise<void> {
    const record: EventTypeRecord = {
      kind: 'event-type',
      tenantId,
      type,
      description: '',
      schema,
      archived,
      version: 1,
      createdAt: AT,
      updatedAt: AT,
    };
    await this.publisher.publish([
      {
        topic: this.kafka.topics.subscriptions,
        key: `event-type:${tenantId}:${type}`,
        value: JSON.stringify(record),
      },
    ]);
  }

  async post(
    path: string,
    body: unknown,
    token: string | null = this.secrets.ingestToken,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
    return { status: response.status, body: parsed };
  }

  async metric(name: string, labels = ''): Promise<number> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`${name}${labels} `) || l.startsWith(`${name}${labels}{`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }

  /** Every record on events.v1 (read_committed), read once `atLeast` arrived and `settleMs` more passed. */
  async events(atLeast: number, settleMs = 1_500, timeoutMs = 60_000): Promise<HooklineEvent[]> {
    const first = await this.kafka.readTopic(this.kafka.topics.events, atLeast, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    // At least what the first read saw: records published during the settle time count too.
    const all = await this.kafka.readTopic(this.kafka.topics.events, first.length, timeoutMs);
    return all.map((record) => JSON.parse(record.value!.toString()) as HooklineEvent);
  }

  /**
   * Every event on events.v1 once each of `ids` has been read, plus whatever arrives during `settleMs`
   * after that (so a duplicate published late is still counted).
   */
  async eventsContaining(ids: string[], settleMs = 1_500, timeoutMs = 60_000): Promise<HooklineEvent[]> {
    const wanted = new Set(ids);
    const hasAll = (messages: KafkaMessage[]) => {
      const seen = new Set<string>();
      for (const message of messages) {
        const id = (JSON.parse(message.value!.toString()) as HooklineEvent).id;
        if (wanted.has(id)) seen.add(id);
      }
      return seen.size === wanted.size;
    };
    const first = await this.kafka.readTopicUntil(this.kafka.topics.events, hasAll, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const all = await this.kafka.readTopicUntil(
      this.kafka.topics.events,
      (messages) => messages.length >= first.length && hasAll(messages),
      timeoutMs,
    );
    return all.map((record) => JSON.parse(record.value!.toString()) as HooklineEvent);
  }

  async rawEvents(atLeast: number, timeoutMs = 60_000): Promise<KafkaMessage[]> {
    return this.kafka.readTopic(this.kafka.topics.events, atLeast, timeoutMs);
  }

  /** Waits for a log line of the current process whose JSON has every given field. */
  async logLine(fields: Record<string, unknown>, timeoutMs = 30_000): Promise<Record<string, unknown>> {
    return waitFor(
      () =>
        readFileSync(this.process.logFile, 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => Object.entries(fields).every(([key, value]) => entry[key] === value)),
      { timeoutMs, what: `log line ${JSON.stringify(fields)}` },
    );
  }
}
