/**
 * Producer throughput, against the built producer as its own process (real HTTP, Kafka, Postgres):
 *  - HTTP: single events posted by BENCH_PRODUCER_HTTP_CONCURRENCY clients for BENCH_PRODUCER_HTTP_SECONDS;
 *    also arrays of 100 events.
 *  - Kafka: BENCH_PRODUCER_INGEST_RECORDS single-event records on the ingest topic, accepted per second
 *    (counted by the producer's own accepted metric, from the first record to the last).
 *  - Batch expansion: one 100,000-subject batch operation on POST /v1/batches: subjects expanded and
 *    committed per second (time to the 202), then the relay's exactly-once publish rate until the outbox is
 *    empty.
 */
import { Pool } from 'undici';
import { waitFor } from '@hookline/testing';
import { ProducerHarness } from '../../test/e2e/producer-harness';
import { reportFigure } from '../bench-result';

const HTTP_SECONDS = Number(process.env.BENCH_PRODUCER_HTTP_SECONDS ?? 15);
const HTTP_CONCURRENCY = Number(process.env.BENCH_PRODUCER_HTTP_CONCURRENCY ?? 32);
const INGEST_RECORDS = Number(process.env.BENCH_PRODUCER_INGEST_RECORDS ?? 30_000);
const BATCH_SUBJECTS = 100_000;

async function httpRate(producer: ProducerHarness, tenant: string, perRequest: number): Promise<number> {
  const pool = new Pool(producer.url, { connections: HTTP_CONCURRENCY });
  const deadline = Date.now() + HTTP_SECONDS * 1_000;
  let accepted = 0;
  let failures = 0;
  let sequence = 0;
  const worker = async () => {
    while (Date.now() < deadline) {
      const events = Array.from({ length: perRequest }, () => {
        const n = sequence++;
        return {
          id: `http_${perRequest}_${n}`,
          type: 'order.created',
          subject: `order_${n % 1000}`,
          tenant,
          data: { n },
        };
      });
      const response = await pool.request({
        path: '/v1/events',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${producer.secrets.ingestToken}`,
        },
        body: JSON.stringify(perRequest === 1 ? events[0] : events),
      });
      await response.body.text();
      if (response.statusCode === 202) accepted += perRequest;
      else failures++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, worker));
  const seconds = (Date.now() - started) / 1_000;
  await pool.close();
  if (failures > 0) console.error(`${failures} HTTP requests were not accepted`);
  return Math.round(accepted / seconds);
}

async function ingestRate(producer: ProducerHarness, tenant: string): Promise<number> {
  const before = await producer.metric('hookline_producer_events_accepted_total', '{path="kafka"}');
  const started = Date.now();
  for (let start = 0; start < INGEST_RECORDS; start += 5_000) {
    await producer.publisher.publish(
      Array.from({ length: Math.min(5_000, INGEST_RECORDS - start) }, (_, i) => ({
        topic: producer.kafka.topics.ingest,
        key: `order_${(start + i) % 1000}`,
        value: JSON.stringify({
          id: `kafka_${start + i}`,
          type: 'order.updated',
          subject: `order_${(start + i) % 1000}`,
          tenant,
          data: { n: start + i },
        }),
      })),
    );
  }
  await waitFor(
    async () =>
      (await producer.metric('hookline_producer_events_accepted_total', '{path="kafka"}')) - before >=
      INGEST_RECORDS,
    { timeoutMs: 120_000, intervalMs: 100, what: 'every ingest record accepted' },
  );
  return Math.round(INGEST_RECORDS / ((Date.now() - started) / 1_000));
}

async function main(): Promise<void> {
  // The bench measures the producer's capacity, so the per-token request limit is lifted out of its way.
  const producer = await new ProducerHarness().start({
    INGEST_TOKEN_RATE_PER_SECOND: '1000000',
    INGEST_TOKEN_RATE_BURST: '10000000',
  });
  try {
    const tenant = await producer.createTenant();
    await producer.post('/v1/events', { type: 'warmup.created', subject: 'w', tenant, data: {} });

    const single = await httpRate(producer, tenant, 1);
    reportFigure({
      name: 'producer.http.accepted_per_second',
      value: single,
      unit: 'events/s',
      detail: `single-event POST /v1/events, ${HTTP_CONCURRENCY} concurrent clients, ${HTTP_SECONDS} s`,
    });
    const arrays = await httpRate(producer, tenant, 100);
    reportFigure({
      name: 'producer.http_array.accepted_per_second',
      value: arrays,
      unit: 'events/s',
      detail: `arrays of 100 events on POST /v1/events, ${HTTP_CONCURRENCY} concurrent clients, ${HTTP_SECONDS} s`,
    });
    await waitFor(async () => (await producer.metric('hookline_producer_outbox_backlog')) === 0, {
      timeoutMs: 120_000,
      what: 'the relay to catch up',
    });

    reportFigure({
      name: 'producer.kafka_ingest.accepted_per_second',
      value: await ingestRate(producer, tenant),
      unit: 'events/s',
      detail: `${INGEST_RECORDS} single-event records on hookline.ingest.v1, first publish to last accepted`,
    });
    await waitFor(async () => (await producer.metric('hookline_producer_outbox_backlog')) === 0, {
      timeoutMs: 120_000,
      what: 'the relay to catch up',
    });

    const subjects = Array.from({ length: BATCH_SUBJECTS }, (_, i) => `conv_${i + 1}`);
    const started = Date.now();
    const answer = await producer.post('/v1/batches', {
      id: 'bench-batch',
      type: 'conversation.deleted',
      tenant,
      subjects,
    });
    const acceptedAt = Date.now();
    if (answer.body.accepted !== BATCH_SUBJECTS) throw new Error(`batch answered ${JSON.stringify(answer)}`);
    await waitFor(async () => (await producer.metric('hookline_producer_outbox_backlog')) === 0, {
      timeoutMs: 150_000,
      intervalMs: 100,
      what: 'the batch to be published',
    });
    const publishedAt = Date.now();
    reportFigure({
      name: 'producer.batch_expansion.subjects_per_second',
      value: Math.round(BATCH_SUBJECTS / ((acceptedAt - started) / 1_000)),
      unit: 'events/s',
      detail: `one ${BATCH_SUBJECTS}-subject batch on POST /v1/batches: streamed parse, expansion, dedupe keys and outbox rows committed (${acceptedAt - started} ms to the 202)`,
    });
    reportFigure({
      name: 'producer.relay.published_per_second',
      value: Math.round(BATCH_SUBJECTS / ((publishedAt - acceptedAt) / 1_000)),
      unit: 'events/s',
      detail: `the same batch from the outbox to hookline.events.v1 in Kafka transactions (exactly-once relay), ${publishedAt - acceptedAt} ms`,
    });
  } finally {
    await producer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
