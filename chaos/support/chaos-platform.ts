import { join } from 'node:path';
import {
  PlatformClient,
  createTestDatabase,
  freePort,
  platformServiceEnv,
  startServiceProcess,
  generatePlatformSecrets,
  startLocalPlatform,
  type CreatedEndpoint,
  type CreatedTenant,
  type LocalPlatform,
  type LocalPlatformOptions,
  type PlatformSecrets,
  type ServiceName,
  type ServiceProcess,
  type TestDatabase,
} from '@hookline/testing';
import { createChaosKafka, deleteNamespace, shortId, type ChaosKafka } from './chaos-kafka';
import type { ScenarioContext } from './scenario';

export interface ChaosPlatformOptions {
  /** A broker other than the run's (the broker-restart scenario brings its own). */
  kafkaBrokers?: string;
  allowLocalEndpoints?: boolean;
  extra?: Record<string, string>;
  serviceEnv?: LocalPlatformOptions['serviceEnv'];
  /** Processes per service (default one each, or HOOKLINE_REPLICAS). */
  replicas?: LocalPlatformOptions['replicas'];
  logLevel?: string;
  /** How long each service may take to report ready (default 60 s; more for rows that start many). */
  readyTimeoutMs?: number;
  /** Ingest tokens the producer accepts beside the platform's own (a hostile row's healthy tenant has one). */
  extraIngestTokens?: string[];
}

export interface PublishedEvent {
  id: string;
  type: string;
  subject: string;
  tenant: string;
  data: Record<string, unknown>;
}

/** A JSON object answer, read field by field. */
export type Json = Record<string, unknown>;

/** One attempt as `GET /v1/attempts` lists it (delivery's AttemptResponseDto). */
export interface Attempt {
  id: string;
  eventId: string;
  endpointId: string;
  webhookId: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  result: 'succeeded' | 'failed';
  statusCode: number | null;
  errorClass: string | null;
  exhausted: boolean;
}

/**
 * The whole platform for one scenario: a fresh database and topic namespace, the four built services as their
 * own processes, and the public APIs as a user calls them. Everything is registered for cleanup as it starts.
 */
export class ChaosPlatform {
  readonly secrets: PlatformSecrets = generatePlatformSecrets();
  database!: TestDatabase;
  kafka!: ChaosKafka;
  platform!: LocalPlatform;
  client!: PlatformClient;
  logDir = '';

  static async start(
    context: ScenarioContext,
    label: string,
    options: ChaosPlatformOptions = {},
  ): Promise<ChaosPlatform> {
    const chaos = new ChaosPlatform();
    const brokers = options.kafkaBrokers ?? context.kafkaBrokers;
    chaos.database = await createTestDatabase(context.databaseServerUrl);
    context.cleanup.defer('the database', () => chaos.database.drop());
    chaos.kafka = await createChaosKafka(brokers, label);
    context.cleanup.defer('the topic namespace', () => deleteNamespace(chaos.kafka));
    chaos.logDir = join(context.logRoot, `${label}-${shortId()}`);
    chaos.platform = await startLocalPlatform({
      kafkaBrokers: brokers,
      databaseUrl: chaos.database.url,
      secrets: chaos.secrets,
      namespace: chaos.kafka.namespace,
      logDir: chaos.logDir,
      allowLocalEndpoints: options.allowLocalEndpoints,
      logLevel: options.logLevel ?? 'info',
      extra: options.extra,
      replicas: options.replicas,
      // Several replicas start at once on two loaded cores (a boot took up to 200 s under a load of 25).
      readyTimeoutMs: options.readyTimeoutMs ?? (options.replicas === undefined ? undefined : 300_000),
      serviceEnv: withIngestTokens(options.serviceEnv, chaos.secrets.ingestToken, options.extraIngestTokens),
    });
    context.cleanup.defer('the services', () => chaos.platform.stop());
    chaos.client = new PlatformClient(chaos.platform.urls, chaos.secrets);
    return chaos;
  }

  /**
   * One more process of a service (same environment, its own port): a replica, as a scaled deployment runs
   * it. Stopped with the scenario unless the caller stops it first.
   */
  async startReplica(context: ScenarioContext, service: ServiceName, n: number): Promise<ServiceProcess> {
    const port = await freePort();
    const options = this.platform.options;
    const replica = await startServiceProcess({
      service,
      port,
      env: { ...platformServiceEnv(options, port), ...options.serviceEnv?.[service] },
      logFile: join(this.logDir, `${service}-${n}.log`),
      readyTimeoutMs: options.readyTimeoutMs,
    });
    context.cleanup.defer(`${service} replica ${n}`, () => replica.stop());
    return replica;
  }

  url(service: ServiceName): string {
    return this.platform.urls[service];
  }

  createTenant(name: string): Promise<CreatedTenant> {
    return this.client.createTenant({ id: `${name}-${shortId()}`, name });
  }

  createEndpoint(apiKey: string, body: Record<string, unknown>): Promise<CreatedEndpoint> {
    return this.client.createEndpoint(apiKey, body);
  }

  /** A tenant-API call on one service: `{status, body}`. */
  async call(
    service: ServiceName,
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; body: Json }> {
    const answer = await this.client.call(method, `${this.url(service)}${path}`, token, body);
    return { status: answer.status, body: (answer.body ?? {}) as Json };
  }

  /**
   * Publishes through `POST /v1/events` in arrays of `chunk`; returns the ids the producer accepted (202).
   * With several producer replicas it spreads the arrays over them and, as a load balancer does, sends an
   * array again to the next replica when one cannot be reached (stopping, restarting).
   */
  async publish(events: PublishedEvent[], chunk = 500): Promise<string[]> {
    const accepted: string[] = [];
    for (let start = 0; start < events.length; start += chunk) {
      const part = events.slice(start, start + chunk);
      const answer = await this.postToAnyProducer(part);
      if (answer.status !== 202) {
        throw new Error(`POST /v1/events answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      accepted.push(...part.map((event) => event.id));
    }
    return accepted;
  }

  private publishes = 0;

  private async postToAnyProducer(body: unknown): Promise<{ status: number; body: unknown }> {
    const urls = this.platform.replicaUrls.producer;
    let lastError: unknown;
    // Bounded: every replica a few times, with a short pause once all of them were tried.
    for (let attempt = 0; attempt < urls.length * 20; attempt++) {
      const url = urls[this.publishes++ % urls.length];
      try {
        const answer = await this.client.call('POST', `${url}/v1/events`, this.secrets.ingestToken, body);
        if (answer.status !== 503) return answer;
        lastError = new Error(`${url} answered 503`);
      } catch (error) {
        lastError = error;
      }
      if ((attempt + 1) % urls.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw lastError;
  }

  /** Every attempt delivery logged for an endpoint or an event (all pages, at most 10,000). */
  async attempts(apiKey: string, filter: { endpointId: string } | { eventId: string }): Promise<Attempt[]> {
    const all: Attempt[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const query = new URLSearchParams({ ...filter, limit: '100', ...(cursor ? { cursor } : {}) });
      const answer = await this.call('delivery', 'GET', `/v1/attempts?${query.toString()}`, apiKey);
      if (answer.status !== 200) throw new Error(`GET /v1/attempts answered ${answer.status}`);
      all.push(...(answer.body.data as Attempt[]));
      cursor = answer.body.nextCursor as string | null;
      if (cursor === null) break;
    }
    return all;
  }
}

function withIngestTokens(
  serviceEnv: LocalPlatformOptions['serviceEnv'],
  platformToken: string,
  extra: string[] = [],
): LocalPlatformOptions['serviceEnv'] {
  if (extra.length === 0) return serviceEnv;
  const producer = serviceEnv?.producer ?? {};
  const tokens = [producer.INGEST_TOKENS ?? platformToken, ...extra].join(',');
  return { ...serviceEnv, producer: { ...producer, INGEST_TOKENS: tokens } };
}

export function makeEvents(tenant: string, type: string, count: number, prefix: string): PublishedEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}_${i}`,
    type,
    subject: `${type.split('.')[0]}_${i % 100}`,
    tenant,
    data: { n: i },
  }));
}
