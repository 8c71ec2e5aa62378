import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { Admin, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import { register } from 'prom-client';
import { createTestKafka, waitFor, type TestKafka } from '@hookline/testing';
import { BatchConsumer, type ConsumedBatch } from '../batch-consumer';
import { ensureTopics } from '../ensure-topics';
import { KafkaPublisher } from '../kafka-publisher';
import { ParallelConsumer, type ConsumedMessage } from '../parallel-consumer';
import { InvalidRecordError } from './classify-failure';
import { DeadLetterSink } from './dead-letter-sink';
import type { ConsumerFailurePolicy } from './retry-backoff';

const policy: ConsumerFailurePolicy = { maxHandlerAttempts: 3, backoffInitialMs: 20, backoffMaxMs: 200 };

/** A port nothing listens on: connecting to it fails with a real ECONNREFUSED, as an unreachable Postgres. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a handler meets while Postgres is unreachable: node-postgres's own connection error. */
async function queryUnreachablePostgres(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
  } finally {
    await client.end().catch(() => undefined);
  }
}

const header = (message: KafkaMessage, name: string) => message.headers?.[name]?.toString();

/**
 * The one failure policy, on the real broker, for both consumer shapes: an invalid record is dead-lettered
 * at once, a handler that keeps throwing is retried a bounded number of times and then dead-lettered while
 * the partition moves on, and an outage is retried until it ends with nothing dead-lettered.
 */
describe('consumer failure policy (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;
  let admin: Admin;
  const stops: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    testKafka = await createTestKafka(1);
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
    admin = testKafka.kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await admin.disconnect();
    await publisher.disconnect();
  });

  const newTopic = async (name: string) => {
    const topic = `${testKafka.namespace}${name}.${randomBytes(4).toString('hex')}`;
    await ensureTopics(testKafka.kafka, [{ topic, partitions: 1, replicationFactor: 1 }], testKafka.logger);
    return topic;
  };
  const publish = (topic: string, values: string[]) =>
    publisher.publish(values.map((value) => ({ topic, key: value, value, partition: 0 })));
  const committed = async (groupId: string, topic: string) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(offsets.partitions.find((entry) => entry.partition === 0)?.offset ?? -1);
  };
  const sink = (topic: string, consumer: string) =>
    new DeadLetterSink({
      topic,
      consumer,
      publish: (records) => publisher.publish(records),
      logger: testKafka.logger,
    });
  const deadLetterCount = async (consumer: string, reasonClass: string) => {
    const metric = await register.getSingleMetric('hookline_consumer_dead_letters_total')?.get();
    return (metric?.values ?? [])
      .filter((v) => v.labels.consumer === consumer && v.labels.reason_class === reasonClass)
      .reduce((sum, v) => sum + v.value, 0);
  };

  const startParallel = async (
    topic: string,
    dlq: string,
    handleMessage: (message: ConsumedMessage) => Promise<void>,
  ) => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const consumer = new ParallelConsumer({
      kafka: testKafka.kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      logger: testKafka.logger,
      maxInFlightPerPartition: 1,
      commitIntervalMs: 50,
      sessionTimeoutMs: 10_000,
      handleMessage,
      deadLetters: sink(dlq, groupId),
      failurePolicy: policy,
    });
    stops.push(() => consumer.stop(1_000));
    await consumer.start();
    return groupId;
  };

  const startBatch = async (
    topic: string,
    dlq: string,
    handleBatch: (batch: ConsumedBatch) => Promise<void>,
  ) => {
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const consumer = new BatchConsumer({
      kafka: testKafka.kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      logger: testKafka.logger,
      sessionTimeoutMs: 10_000,
      handleBatch,
      deadLetters: sink(dlq, groupId),
      failurePolicy: policy,
    });
    stops.push(() => consumer.stop(1_000));
    await consumer.start();
    return groupId;
  };

  it('dead-letters an invalid record at once with its reason, and handles the next one', async () => {
    const topic = await newTopic('invalid');
    const dlq = await newTopic('invalid-dlq');
    const calls = new Map<string, number>();
    const handled: string[] = [];
    await publish(topic, ['ok-1', 'bad', 'ok-2']);
    const groupId = await startParallel(topic, dlq, ({ message }) => {
      const value = String(message.value);
      calls.set(value, (calls.get(value) ?? 0) + 1);
      if (value === 'bad') throw new InvalidRecordError('value: is not a number', { tenantId: 'ten_1' });
      handled.push(value);
      return Promise.resolve();
    });
    await waitFor(async () => (await committed(groupId, topic)) === 3, { what: 'offsets past all three' });
    expect(handled).toEqual(['ok-1', 'ok-2']);
    expect(calls.get('bad')).toBe(1);
    const [dead] = await testKafka.readTopic(dlq, 1);
    expect(String(dead.value)).toBe('bad');
    expect(header(dead, 'hookline-dlq-reason')).toBe('value: is not a number');
    expect(header(dead, 'hookline-dlq-reason-class')).toBe('invalid');
    expect(header(dead, 'hookline-dlq-source-topic')).toBe(topic);
    expect(header(dead, 'hookline-dlq-source-partition')).toBe('0');
    expect(header(dead, 'hookline-dlq-source-offset')).toBe('1');
    expect(header(dead, 'hookline-dlq-tenant-id')).toBe('ten_1');
    expect(await deadLetterCount(groupId, 'invalid')).toBe(1);
  });

  it('retries a record whose handler throws a bounded number of times, dead-letters it, and moves on', async () => {
    const topic = await newTopic('poison');
    const dlq = await newTopic('poison-dlq');
    let poisonCalls = 0;
    const handled: string[] = [];
    await publish(topic, ['ok-1', 'poison', 'ok-2']);
    const groupId = await startParallel(topic, dlq, ({ message }) => {
      const value = String(message.value);
      if (value === 'poison') {
        poisonCalls += 1;
        JSON.stringify(nested(12_000));
        throw new Error('unreachable: the line above throws');
      }
      handled.push(value);
      return Promise.resolve();
    });
    await waitFor(async () => (await committed(groupId, topic)) === 3, { what: 'offsets past the poison' });
    expect(handled).toEqual(['ok-1', 'ok-2']);
    expect(poisonCalls).toBe(policy.maxHandlerAttempts);
    const [dead] = await testKafka.readTopic(dlq, 1);
    expect(String(dead.value)).toBe('poison');
    expect(header(dead, 'hookline-dlq-reason-class')).toBe('handler');
    expect(header(dead, 'hookline-dlq-reason')).toMatch(/^handler failed: Maximum call stack size exceeded/);
    expect(await deadLetterCount(groupId, 'handler')).toBe(1);
  });

  it('retries through an outage (Postgres unreachable) past the attempt bound, and dead-letters nothing', async () => {
    const topic = await newTopic('outage');
    const dlq = await newTopic('outage-dlq');
    const port = await closedPort();
    let failures = 0;
    let outage = true;
    const handled: string[] = [];
    await publish(topic, ['during-outage', 'after']);
    const groupId = await startParallel(topic, dlq, async ({ message }) => {
      if (outage) {
        failures += 1;
        await queryUnreachablePostgres(port);
      }
      handled.push(String(message.value));
    });
    await waitFor(() => failures >= policy.maxHandlerAttempts * 3, { what: 'many failed attempts' });
    expect(handled).toEqual([]);
    outage = false;
    await waitFor(async () => (await committed(groupId, topic)) === 2, { what: 'recovery after the outage' });
    expect(handled).toEqual(['during-outage', 'after']);
    const offsets = await admin.fetchTopicOffsets(dlq);
    expect(offsets[0].high).toBe('0');
    expect(await deadLetterCount(groupId, 'handler')).toBe(0);
  });

  it('isolates the record at fault in a failing batch: the others are applied, it alone is dead-lettered', async () => {
    const topic = await newTopic('batch-poison');
    const dlq = await newTopic('batch-poison-dlq');
    const applied: string[] = [];
    const positions: string[] = [];
    let poisonCalls = 0;
    await publish(topic, ['a', 'b', 'poison', 'c', 'd']);
    const groupId = await startBatch(topic, dlq, (batch) => {
      // All or nothing, like one transaction: a poison record anywhere fails the whole batch.
      const values = batch.messages.map((message) => String(message.value));
      if (values.includes('poison')) {
        poisonCalls += 1;
        return Promise.reject(new RangeError('Maximum call stack size exceeded'));
      }
      applied.push(...values);
      positions.push(`${batch.firstOffset}-${batch.lastOffset}`);
      batch.markDone(batch.lastOffset);
      return Promise.resolve();
    });
    await waitFor(async () => (await committed(groupId, topic)) === 5, { what: 'offsets past the batch' });
    expect(applied).toEqual(['a', 'b', 'c', 'd']);
    // The empty batch at offset 2 lets a handler that stores its own position move past the dead letter.
    expect(positions).toContain('2-2');
    expect(poisonCalls).toBe(1 + policy.maxHandlerAttempts);
    const [dead] = await testKafka.readTopic(dlq, 1);
    expect(String(dead.value)).toBe('poison');
    expect(header(dead, 'hookline-dlq-source-offset')).toBe('2');
    expect(header(dead, 'hookline-dlq-reason')).toMatch(
      /Maximum call stack size exceeded \(after 3 attempts\)/,
    );
  });

  it('retries a batch through an outage without splitting it or dead-lettering anything', async () => {
    const topic = await newTopic('batch-outage');
    const dlq = await newTopic('batch-outage-dlq');
    const port = await closedPort();
    let failures = 0;
    let outage = true;
    const applied: string[][] = [];
    await publish(topic, ['x', 'y', 'z']);
    const groupId = await startBatch(topic, dlq, async (batch) => {
      if (outage) {
        failures += 1;
        await queryUnreachablePostgres(port);
      }
      applied.push(batch.messages.map((message) => String(message.value)));
      batch.markDone(batch.lastOffset);
    });
    await waitFor(() => failures >= policy.maxHandlerAttempts * 2, { what: 'failed batch attempts' });
    outage = false;
    await waitFor(async () => (await committed(groupId, topic)) === 3, { what: 'recovery after the outage' });
    expect(applied.flat()).toEqual(['x', 'y', 'z']);
    expect((await admin.fetchTopicOffsets(dlq))[0].high).toBe('0');
  });
});

function nested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { d: value };
  return value;
}
