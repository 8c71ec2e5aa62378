/**
 * Subscription service figures, with the built service as its own process on real Postgres and Kafka:
 * - endpoint registrations per second over HTTP (each one a transaction with its state record and
 *   `endpoint.created` in the outbox, plus the URL check);
 * - how long after the API's 201 a new endpoint is in a subscriptions-topic replica, as delivery holds it
 *   (the "receives events within a second" promise): p50/p95/p99/max over sequential creations;
 * - full-state republish rate (records written to the compacted topic per second).
 *
 * BENCH_SUB_ENDPOINTS (default 2000) and BENCH_SUB_CONCURRENCY (default 16) size the registration run;
 * BENCH_SUB_PROPAGATION (default 200) the propagation sample.
 */
import { join, resolve } from 'node:path';
import { SubscriptionReplica } from '@hookline/subscription-state';
import {
  createTestDatabase,
  createTestKafka,
  freePort,
  generatePlatformSecrets,
  platformServiceEnv,
  startServiceProcess,
  testKafkaBrokers,
  waitFor,
} from '@hookline/testing';
import { reportFigure } from '../bench-result';

const ENDPOINTS = Number(process.env.BENCH_SUB_ENDPOINTS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_SUB_CONCURRENCY ?? 16);
const PROPAGATION_SAMPLE = Number(process.env.BENCH_SUB_PROPAGATION ?? 200);

async function call(
  url: string,
  token: string,
  body?: unknown,
  method = 'POST',
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const kafka = await createTestKafka();
  const database = await createTestDatabase();
  const secrets = generatePlatformSecrets();
  const port = await freePort();
  const env = platformServiceEnv(
    {
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace: kafka.namespace,
      logLevel: 'warn',
      // One tenant registers every endpoint as fast as it can: its quota and its key's rate are lifted.
      extra: {
        TENANT_QUOTA_ENDPOINTS: String(Math.min(100_000, ENDPOINTS + PROPAGATION_SAMPLE + 100)),
        API_KEY_RATE_PER_SECOND: '100000',
        API_KEY_RATE_BURST: '1000000',
      },
    },
    port,
  );
  const service = await startServiceProcess({
    service: 'subscription',
    env,
    port,
    logFile: join(
      resolve(__dirname, '..', '..'),
      'reports',
      'logs',
      `bench-${kafka.namespace}`,
      'subscription.log',
    ),
  });
  const replica = new SubscriptionReplica(kafka.kafka, kafka.topics.subscriptions, 'bench', kafka.logger);
  try {
    const tenant = await call(`${service.url}/v1/tenants`, secrets.operatorToken, { name: 'Bench' });
    const apiKey = tenant.body.apiKey as string;
    const endpointBody = (i: number) => ({
      url: `http://127.0.0.1:9/hooks/${i}`,
      eventTypes: ['customer.*'],
    });

    // Registrations per second, CONCURRENCY requests in flight.
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ENDPOINTS) {
          const i = next++;
          const answer = await call(`${service.url}/v1/endpoints`, apiKey, endpointBody(i));
          if (answer.status !== 201) throw new Error(`registration ${i} answered ${answer.status}`);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1_000;
    reportFigure({
      name: 'subscription.http.endpoint_registrations_per_second',
      value: Math.round(ENDPOINTS / seconds),
      unit: 'endpoints/s',
      detail: `${ENDPOINTS} POST /v1/endpoints, ${CONCURRENCY} in flight, each with its state record and endpoint.created in one transaction`,
    });

    // API answer -> visible in a replica of the topic (what delivery routes with).
    await replica.start();
    const seenAt = new Map<string, number>();
    replica.onEndpointChange((change) => {
      if (change.after !== undefined && !seenAt.has(change.endpointId))
        seenAt.set(change.endpointId, performance.now());
    });
    const delays: number[] = [];
    for (let i = 0; i < PROPAGATION_SAMPLE; i++) {
      const answer = await call(`${service.url}/v1/endpoints`, apiKey, endpointBody(ENDPOINTS + i));
      const answeredAt = performance.now();
      const id = answer.body.id as string;
      await waitFor(() => seenAt.has(id), {
        timeoutMs: 10_000,
        intervalMs: 1,
        what: `endpoint ${id} in the replica`,
      });
      delays.push(Math.max(0, seenAt.get(id)! - answeredAt));
    }
    delays.sort((a, b) => a - b);
    for (const [label, value] of [
      ['p50', percentile(delays, 50)],
      ['p95', percentile(delays, 95)],
      ['p99', percentile(delays, 99)],
      ['max', delays[delays.length - 1]],
    ] as const) {
      reportFigure({
        name: `subscription.propagation.api_to_replica_${label}_ms`,
        value: Math.round(value * 10) / 10,
        unit: 'ms',
        detail: `time from the 201 of POST /v1/endpoints to the endpoint in a subscriptions-topic replica (${PROPAGATION_SAMPLE} sequential creations)`,
      });
    }

    // Full-state republish: every tenant and endpoint record written to the topic again.
    const total = ENDPOINTS + PROPAGATION_SAMPLE + 1;
    const before = await topicSize(kafka, kafka.topics.subscriptions);
    const republishStart = performance.now();
    const republished = await call(`${service.url}/v1/admin/republish`, secrets.operatorToken);
    if (republished.status !== 200) throw new Error(`republish answered ${republished.status}`);
    await waitFor(async () => (await topicSize(kafka, kafka.topics.subscriptions)) >= before + total, {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: 'the republished records on the topic',
    });
    reportFigure({
      name: 'subscription.republish.records_per_second',
      value: Math.round(total / ((performance.now() - republishStart) / 1_000)),
      unit: 'records/s',
      detail: `${total} records (tenant + endpoints) from Postgres through the outbox to the compacted topic`,
    });
  } finally {
    await replica.stop();
    await service.stop();
    await database.drop();
  }
}

async function topicSize(kafka: Awaited<ReturnType<typeof createTestKafka>>, topic: string): Promise<number> {
  const admin = kafka.kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
