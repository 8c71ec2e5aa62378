/**
 * Health projection rate: N real delivery outcomes are put on the outcomes topic first, then the built
 * health service starts as its own process and projects them (one transaction per fetched batch: endpoint
 * health, minute buckets, attempt log, positions). The figure is outcomes applied per second while it
 * catches up, measured from the stored positions in Postgres, not from timers in the service.
 *
 * BENCH_HEALTH_OUTCOMES (default 100000) and BENCH_HEALTH_ENDPOINTS (default 2000) size the run.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { DeliveryOutcome } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import {
  createTestDatabase,
  createTestKafka,
  freePort,
  startServiceProcess,
  testKafkaBrokers,
} from '@hookline/testing';
import { reportFigure } from '../bench-result';

const OUTCOMES = Number(process.env.BENCH_HEALTH_OUTCOMES ?? 100_000);
const ENDPOINTS = Number(process.env.BENCH_HEALTH_ENDPOINTS ?? 2_000);
const PUBLISH_CHUNK = 5_000;
const CATCH_UP_TIMEOUT_MS = 150_000;

function outcomeAt(i: number, from: number): DeliveryOutcome {
  const endpoint = i % ENDPOINTS;
  const failed = i % 10 === 0 || endpoint % 50 === 0; // 10% failures, and 2% of endpoints always failing
  return {
    eventId: `evt_${Math.floor(i / ENDPOINTS)}`,
    eventType: 'customer.updated',
    endpointId: `ep_bench_${endpoint}`,
    tenantId: `tenant_${endpoint % 20}`,
    webhookId: `msg_${i}`,
    attempt: 1,
    startedAt: new Date(from + i * 50).toISOString(),
    durationMs: 5 + (i % 400),
    result: failed ? 'failed' : 'succeeded',
    statusCode: failed ? 503 : 200,
    errorClass: failed ? 'http_status' : null,
    errorMessage: failed ? 'endpoint answered 503' : null,
    responseBody: null,
    nextAttemptAt: null,
    exhausted: failed,
  };
}

async function appliedOutcomes(client: Client, topic: string): Promise<number> {
  try {
    const rows = await client.query<{ applied: string | null }>(
      'SELECT sum(next_offset)::text AS applied FROM health.applied_offsets WHERE topic = $1',
      [topic],
    );
    return Number(rows.rows[0]?.applied ?? 0);
  } catch {
    return 0; // the schema does not exist until the service has migrated
  }
}

async function main(): Promise<void> {
  const testKafka = await createTestKafka(6);
  const database = await createTestDatabase();
  const publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
  await publisher.connect();
  const topic = testKafka.topics.deliveryOutcomes;
  const from = Date.now() - OUTCOMES * 50;
  const publishStart = performance.now();
  for (let start = 0; start < OUTCOMES; start += PUBLISH_CHUNK) {
    const chunk = Array.from({ length: Math.min(PUBLISH_CHUNK, OUTCOMES - start) }, (_, j) =>
      outcomeAt(start + j, from),
    );
    await publisher.publish(chunk.map((o) => ({ topic, key: o.endpointId, value: JSON.stringify(o) })));
  }
  const publishSeconds = (performance.now() - publishStart) / 1_000;
  await publisher.disconnect();

  const client = new Client({ connectionString: database.url });
  await client.connect();
  const port = await freePort();
  const spawnedAt = performance.now();
  const service = await startServiceProcess({
    service: 'health',
    port,
    env: {
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_TOPIC_NAMESPACE: testKafka.namespace,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
    logFile: join(
      resolve(__dirname, '..', '..'),
      'reports',
      'logs',
      `bench-health-${randomUUID().slice(0, 8)}.log`,
    ),
  });
  try {
    let firstProgress: { at: number; applied: number } | undefined;
    let applied = 0;
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS;
    while (applied < OUTCOMES) {
      if (Date.now() > deadline)
        throw new Error(`projection reached ${applied} of ${OUTCOMES} outcomes in time`);
      applied = await appliedOutcomes(client, topic);
      if (firstProgress === undefined && applied > 0) firstProgress = { at: performance.now(), applied };
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    const doneAt = performance.now();
    const start = firstProgress ?? { at: spawnedAt, applied: 0 };
    const rate = (OUTCOMES - start.applied) / ((doneAt - start.at) / 1_000);
    reportFigure({
      name: 'health.projection.outcomes_per_second',
      value: Math.round(rate),
      unit: 'outcomes/s',
      detail: `${OUTCOMES} outcomes over ${ENDPOINTS} endpoints on 6 partitions, from the first applied batch until every stored position reached the end`,
    });
    reportFigure({
      name: 'health.projection.catch_up_seconds',
      value: Math.round((doneAt - spawnedAt) / 100) / 10,
      unit: 's',
      detail: `from spawning the health process (migrations, subscription replica, decision ledger included) to all ${OUTCOMES} outcomes applied`,
    });
    reportFigure({
      name: 'health.bench.outcomes_published_per_second',
      value: Math.round(OUTCOMES / publishSeconds),
      unit: 'outcomes/s',
      detail: 'context: how fast the bench put the outcomes on Kafka (idempotent producer, acks=all)',
    });
    const endpoints = await client.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM health.endpoint_health',
    );
    if (Number(endpoints.rows[0]?.count) !== ENDPOINTS)
      throw new Error(`expected ${ENDPOINTS} endpoints projected`);
  } finally {
    await service.stop();
    await client.end();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
