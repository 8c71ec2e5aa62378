import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { batchEventId } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { ProducerHarness } from './producer-harness';

/**
 * The outbox crash test (reliability.md): SIGKILL the producer between its Postgres commit and its Kafka
 * publish, restart it, and count committed ids against what `hookline.events.v1` holds: 0 missing, 0 twice.
 */
describe('producer exactly-once publish under SIGKILL', () => {
  const producer = new ProducerHarness();
  let tenant: string;
  let db: Client;

  beforeAll(async () => {
    await producer.start({ INGEST_CONSUMER_ENABLED: 'false' });
    tenant = await producer.createTenant();
    db = new Client({ connectionString: producer.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await producer.stop();
  });

  const outboxRows = async () =>
    Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM producer.outbox')).rows[0].n);

  /** Submits `count` events in arrays of 200; every id returned with 202 is committed. */
  async function submit(prefix: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 200) {
      const events = Array.from({ length: Math.min(200, count - start) }, (_, i) => ({
        id: `${prefix}_${start + i}`,
        type: 'order.created',
        subject: `order_${(start + i) % 50}`,
        tenant,
        data: { n: start + i },
      }));
      const answer = await producer.post('/v1/events', events);
      expect(answer.status).toBe(202);
      ids.push(...events.map((event) => event.id));
    }
    return ids;
  }

  /** Committed ids vs events.v1 (read_committed): what is missing and what is there more than once. */
  async function audit(
    committed: string[],
  ): Promise<{ missing: number; duplicates: number; published: number }> {
    await waitFor(async () => (await outboxRows()) === 0, { timeoutMs: 120_000, what: 'an empty outbox' });
    const events = await producer.eventsContaining(committed, 2_000, 120_000);
    const wanted = new Set(committed);
    const counts = new Map<string, number>();
    for (const event of events)
      if (wanted.has(event.id)) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    const missing = committed.filter((id) => !counts.has(id)).length;
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    console.log(
      `committed ${committed.length}, published ${counts.size}, missing ${missing}, duplicates ${duplicates}`,
    );
    return { missing, duplicates, published: counts.size };
  }

  it('loses and repeats nothing when killed after the Kafka commit but before the outbox rows are deleted', async () => {
    await producer.process.stop();
    await producer.launch({ OUTBOX_TEST_PAUSE: 'after-kafka-commit:20000', OUTBOX_BATCH_SIZE: '200' });
    const committed = await submit('a', 1_000);
    await producer.logLine({ msg: 'outbox relay paused (test hook)', point: 'after-kafka-commit' });
    // The dangerous window: the first batch is committed in Kafka, and its rows are still in the outbox.
    await producer.kafka.readTopic(producer.kafka.topics.events, 200);
    expect(await outboxRows()).toBe(1_000);
    await producer.process.kill();
    await producer.launch({ OUTBOX_BATCH_SIZE: '200' });
    await producer.logLine({
      msg: 'outbox rows an earlier leader had published were removed, not published again',
      rows: 200,
    });
    expect(await audit(committed)).toEqual({ missing: 0, duplicates: 0, published: 1_000 });
  });

  it('never shows a killed transaction to read_committed readers, and publishes its rows once after restart', async () => {
    const before = (await producer.events(1_000, 0)).length;
    await producer.process.stop();
    await producer.launch({ OUTBOX_TEST_PAUSE: 'before-kafka-commit:20000', OUTBOX_BATCH_SIZE: '200' });
    const committed = await submit('b', 600);
    await producer.logLine({ msg: 'outbox relay paused (test hook)', point: 'before-kafka-commit' });
    // The records are in the log, inside an open transaction: visible only to a read_uncommitted reader.
    const uncommitted = await readUncommitted(producer, before + 200);
    expect(uncommitted.length).toBeGreaterThanOrEqual(before + 200);
    await producer.process.kill();
    await producer.launch({ OUTBOX_BATCH_SIZE: '200' });
    expect(await audit(committed)).toEqual({ missing: 0, duplicates: 0, published: 600 });
  });

  it('loses and repeats nothing over repeated kills while a 20,000-event batch drains', async () => {
    await producer.process.stop();
    // Small relay batches, each held 15 ms after its Kafka commit: the drain takes a while, and a kill at a
    // random moment usually lands in the window between Kafka commit and outbox delete.
    const slowDrain = { OUTBOX_BATCH_SIZE: '25', OUTBOX_TEST_PAUSE: 'after-kafka-commit:15' };
    await producer.launch(slowDrain);
    const subjects = Array.from({ length: 20_000 }, (_, i) => `line_${i}`);
    const answer = await producer.post('/v1/batches', {
      id: 'kill-drain',
      type: 'line.deleted',
      tenant,
      subjects,
    });
    expect(answer.status).toBe(202);
    let kills = 0;
    for (let round = 0; round < 3 && (await outboxRows()) > 0; round++) {
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.floor(Math.random() * 2_000)));
      await producer.process.kill();
      kills++;
      await producer.launch(slowDrain);
    }
    console.log(`killed the producer ${kills} times while the batch drained`);
    expect(kills).toBe(3);
    const committed = subjects.map((subject) => batchEventId('kill-drain', subject));
    expect(await audit(committed)).toEqual({ missing: 0, duplicates: 0, published: 20_000 });
  });
});

async function readUncommitted(producer: ProducerHarness, count: number): Promise<KafkaMessage[]> {
  const consumer = producer.kafka.kafka.consumer({
    groupId: `uncommitted-${randomBytes(4).toString('hex')}`,
    readUncommitted: true,
    maxWaitTimeInMs: 100,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: producer.kafka.topics.events, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        messages.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(() => messages.length >= count, { what: `${count} records (read_uncommitted)` });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}
