import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import type { HostResolver } from '@hookline/egress';
import { REDACTED_PATHS } from '@hookline/observability';
import { freePort, testKafkaBrokers, type TestDatabase, type TestKafka } from '@hookline/testing';
import { startSubscriptionService } from '../../src/bootstrap';
import { loadSubscriptionConfig, type SubscriptionConfig } from '../../src/config/subscription.config';

/**
 * A parsed JSON answer. Deliberately untyped: tests assert the wire shape with `toMatchObject`/`toEqual`
 * rather than trusting the service's own DTO types (which are what is under test).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface HttpAnswer<T = Json> {
  status: number;
  body: T;
}

/** The fields a 400 names, in order. */
export function fieldsOf(answer: HttpAnswer): string[] {
  const errors = (answer.body as { errors?: Array<{ field: string }> }).errors ?? [];
  return errors.map((error) => error.field);
}

/** One property of every item of a JSON array. */
export function valuesOf(items: unknown, key: string): unknown[] {
  return (items as Array<Record<string, unknown>>).map((item) => item[key]);
}

/** The ids of a list page's items. */
export function idsOf(answer: HttpAnswer): string[] {
  return (answer.body as { data: Array<{ id: string }> }).data.map((item) => item.id);
}

export interface SubscriptionTestApp {
  url: string;
  config: SubscriptionConfig;
  app: INestApplication;
  operatorToken: string;
  /** Every log line the service wrote, as JSON text (for the secrets-in-logs check). */
  logs: string[];
  call<T = Json>(method: string, path: string, token?: string, body?: unknown): Promise<HttpAnswer<T>>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  database: TestDatabase;
  kafka: TestKafka;
  env?: Record<string, string>;
  resolveHost?: HostResolver;
}

export function newEncryptionKey(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * The subscription service in this process, booted exactly as main.ts boots it (same module, validation,
 * OpenAPI set-up) on a free port, against the suite's own database and topic namespace, with its logs kept.
 */
export async function startSubscriptionTestApp(options: TestAppOptions): Promise<SubscriptionTestApp> {
  const operatorToken = `operator_${randomBytes(16).toString('base64url')}`;
  const config = loadSubscriptionConfig({
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_NAMESPACE: options.kafka.namespace,
    KAFKA_PARTITIONS: '3',
    DATABASE_URL: options.database.url,
    OPERATOR_TOKENS: operatorToken,
    SECRET_ENCRYPTION_KEYS: newEncryptionKey(),
    ALLOW_HTTP_ENDPOINTS: 'true',
    ALLOW_LOOPBACK_ENDPOINTS: 'true',
    OUTBOX_POLL_INTERVAL_MS: '200',
    VERIFICATION_TIMEOUT_MS: '2000',
    DELIVERY_PUBLIC_URL: 'https://delivery.hookline.test',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logs: string[] = [];
  const logger = pino(
    {
      level: 'info',
      base: { service: 'subscription' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    { write: (line: string) => void logs.push(line) },
  );
  const app = await startSubscriptionService(config, logger, { resolveHost: options.resolveHost });
  const url = `http://127.0.0.1:${config.http.port}`;
  return {
    url,
    config,
    app,
    operatorToken: config.operatorTokens[0],
    logs,
    call: async <T = Json>(
      method: string,
      path: string,
      token?: string,
      body?: unknown,
    ): Promise<HttpAnswer<T>> => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON (e.g. an HTML error page): keep the text so the assertion shows it.
      }
      return { status: response.status, body: parsed as T };
    },
    stop: () => app.close(),
  };
}

/** A DNS table for tests: registration checks resolve names without real DNS; unknown names fail. */
export function tableResolver(table: Record<string, string[]>): HostResolver {
  return (hostname) => {
    const addresses = table[hostname];
    if (addresses === undefined) return Promise.reject(new Error(`ENOTFOUND ${hostname}`));
    return Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  };
}
