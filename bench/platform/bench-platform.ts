/**
 * Everything the whole-platform bench runs against: a fresh database and topic namespace on the given
 * Kafka and Postgres, the four built services as their own processes (dist/apps/<svc>/main.js), the
 * receiver process, and the load publisher. `stop()` undoes all of it (services, receiver, database,
 * the namespace's topics and consumer groups), also after a failure or Ctrl-C.
 */
import { join, resolve } from 'node:path';
import {
  PlatformClient,
  createTestDatabase,
  createTestKafka,
  generatePlatformSecrets,
  platformServiceEnv,
  startLocalPlatform,
  startServiceProcess,
  type CreatedEndpoint,
  type CreatedTenant,
  type LocalPlatform,
  type ServiceName,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import type { BenchSettings } from './bench-settings';
import { PgCounterReader } from './cost/pg-counters';
import { IngestLoad } from './ingest-load';
import { ReceiverProcess } from './receiver-process';

const ROOT = resolve(__dirname, '..', '..');

export interface BenchTenant extends CreatedTenant {
  endpoints: CreatedEndpoint[];
}

export class BenchPlatform {
  readonly secrets = generatePlatformSecrets();
  database?: TestDatabase;
  kafka?: TestKafka;
  platform?: LocalPlatform;
  receiver?: ReceiverProcess;
  load?: IngestLoad;
  client?: PlatformClient;
  /** Reads Postgres's counters for the bench database (cost per event, health's applied positions). */
  pg?: PgCounterReader;

  constructor(readonly settings: BenchSettings) {}

  get brokers(): string[] {
    return this.settings.kafkaBrokers.split(',');
  }

  get logDir(): string {
    return join(ROOT, 'reports', 'logs', `bench-${this.kafka?.namespace ?? 'unstarted'}`);
  }

  /** Service name → pid of the running processes. */
  pids(): Record<ServiceName, number> {
    const processes = this.platform!.processes;
    return {
      producer: processes.producer.pid,
      subscription: processes.subscription.pid,
      delivery: processes.delivery.pid,
      health: processes.health.pid,
    };
  }

  async start(): Promise<void> {
    this.database = await createTestDatabase(this.settings.databaseUrl);
    this.kafka = await createTestKafka(this.settings.partitions);
    this.receiver = await ReceiverProcess.start();
    this.platform = await startLocalPlatform({
      kafkaBrokers: this.settings.kafkaBrokers,
      databaseUrl: this.database.url,
      secrets: this.secrets,
      namespace: this.kafka.namespace,
      logDir: this.logDir,
      logLevel: this.settings.logLevel,
      extra: { KAFKA_PARTITIONS: String(this.settings.partitions) },
      readyTimeoutMs: this.settings.readySeconds * 1_000,
    });
    this.client = new PlatformClient(this.platform.urls, this.secrets);
    this.pg = await PgCounterReader.connect(this.database.url);
    this.load = new IngestLoad(this.brokers, this.kafka.topics.ingest);
    await this.load.connect();
  }

  /**
   * Restarts the delivery service with extra settings (same port, same everything else): the noisy-neighbour
   * scenario's short DELIVERY_TIMEOUT_MS applies to it alone, the other scenarios run the defaults.
   */
  async restartDelivery(env: Record<string, string>): Promise<void> {
    const platform = this.platform!;
    await platform.processes.delivery.stop();
    const port = Number(new URL(platform.urls.delivery).port);
    platform.processes.delivery = await startServiceProcess({
      service: 'delivery',
      port,
      env: { ...platformServiceEnv(platform.options, port), ...env },
      logFile: join(this.logDir, 'delivery-restarted.log'),
    });
  }

  /** A tenant with one endpoint per `paths[i]`, subscribed to `types[i]` only. */
  async createTenant(name: string, types: string[], paths: string[]): Promise<BenchTenant> {
    const tenant = await this.client!.createTenant({ name });
    const endpoints: CreatedEndpoint[] = [];
    for (const [i, type] of types.entries()) {
      endpoints.push(
        await this.client!.createEndpoint(tenant.apiKey, {
          url: this.receiver!.url(paths[i]),
          eventTypes: [type],
        }),
      );
    }
    return { ...tenant, endpoints };
  }

  async stop(): Promise<void> {
    const steps: Array<[string, () => Promise<unknown> | undefined]> = [
      ['load publisher', () => this.load?.disconnect()],
      ['services', () => this.platform?.stop()],
      ['counter reader', () => this.pg?.close()],
      ['receiver', () => this.receiver?.stop()],
      ['database', () => this.database?.drop()],
      ['topics', () => this.deleteNamespace()],
    ];
    for (const [what, step] of steps) {
      try {
        await step();
      } catch (error) {
        console.error(`bench cleanup: stopping the ${what} failed: ${(error as Error).message}`);
      }
    }
  }

  /** The bench writes gigabytes to the (possibly shared) broker: leave none of its topics or groups. */
  private async deleteNamespace(): Promise<void> {
    const namespace = this.kafka?.namespace;
    if (namespace === undefined) return;
    const admin = this.kafka!.kafka.admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(namespace));
      if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
      const groups = (await admin.listGroups()).groups
        .map((group) => group.groupId)
        .filter((group) => group.startsWith(namespace));
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
