import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { createTestKafka, waitFor, type TestKafka } from '@hookline/testing';
import { ensureTopics } from './ensure-topics';
import { DeadLetterSink } from './failure-policy/dead-letter-sink';
import { KafkaPublisher } from './kafka-publisher';
import { ParallelConsumer, type ConsumedMessage } from './parallel-consumer';

/** Real Kafka: one slow message must not hold up the rest, and offsets only ever cover finished work. */
describe('ParallelConsumer (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;
  let admin: Admin;
  const consumers: ParallelConsumer[] = [];

  beforeAll(async () => {
    testKafka = await createTestKafka();
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
    admin = testKafka.kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.stop(1_000)));
    await admin.disconnect();
    await publisher.disconnect();
  });

  const newTopic = async (partitions = 1) => {
    const topic = `${testKafka.namespace}pc.${randomBytes(4).toString('hex')}`;
    await ensureTopics(testKafka.kafka, [{ topic, partitions, replicationFactor: 1 }], testKafka.logger);
    return topic;
  };
  const publish = (topic: string, values: string[], partition = 0) =>
    publisher.publish(values.map((value) => ({ topic, key: null, value, partition })));
  const committed = async (groupId: string, topic: string, partition = 0) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Number(offsets.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
  };
  const deadLetters = () =>
    new DeadLetterSink({
      topic: testKafka.topics.deliveriesDeadLetter,
      consumer: 'test',
      publish: (records) => publisher.publish(records),
      logger: testKafka.logger,
    });
  const start = async (
    topic: string,
    groupId: string,
    handleMessage: (message: ConsumedMessage) => Promise<void>,
    extra: Partial<ConstructorParameters<typeof ParallelConsumer>[0]> = {},
  ) => {
    const consumer = new ParallelConsumer({
      kafka: testKafka.kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      logger: testKafka.logger,
      maxInFlightPerPartition: 50,
      commitIntervalMs: 50,
      sessionTimeoutMs: 10_000,
      handleMessage,
      deadLetters: deadLetters(),
      ...extra,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  };

  it('finishes later messages while an earlier one is slow, and commits only up to the slow one', async () => {
    const topic = await newTopic();
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const done: string[] = [];
    let releaseSlow: () => void = () => undefined;
    await publish(topic, ['m0', 'slow', 'm2', 'm3', 'm4']);
    await start(topic, groupId, async ({ message }) => {
      const value = String(message.value);
      if (value === 'slow') await new Promise<void>((resolve) => (releaseSlow = resolve));
      done.push(value);
    });
    await waitFor(() => done.length === 4, { what: 'the four fast messages' });
    expect(done).toEqual(['m0', 'm2', 'm3', 'm4']);
    await waitFor(async () => (await committed(groupId, topic)) === 1, {
      what: 'a commit that stops at the slow one',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await committed(groupId, topic)).toBe(1);
    releaseSlow();
    await waitFor(async () => (await committed(groupId, topic)) === 5, { what: 'the commit to pass it' });
  });

  it('holds a partition whose next message is not yet due, while another partition flows', async () => {
    const topic = await newTopic(2);
    const seen: Array<{ value: string; at: number }> = [];
    const dueAt = Date.now() + 1_500;
    await publisher.publish([
      { topic, key: null, value: 'later', partition: 0, headers: { due: String(dueAt) } },
      { topic, key: null, value: 'after-later', partition: 0, headers: { due: '0' } },
      { topic, key: null, value: 'now', partition: 1, headers: { due: '0' } },
    ]);
    await start(
      topic,
      `g-${randomBytes(4).toString('hex')}`,
      ({ message }) => {
        seen.push({ value: String(message.value), at: Date.now() });
        return Promise.resolve();
      },
      { notBefore: ({ message }) => Number(message.headers?.due?.toString()) },
    );
    await waitFor(() => seen.length === 3, { what: 'all three messages', timeoutMs: 15_000 });
    expect(seen.map((entry) => entry.value)).toEqual(['now', 'later', 'after-later']);
    expect(seen.find((entry) => entry.value === 'later')!.at).toBeGreaterThanOrEqual(dueAt);
  });

  it('pauses a partition at its in-flight limit and resumes as work finishes', async () => {
    const topic = await newTopic();
    let active = 0;
    let peak = 0;
    let handled = 0;
    await publish(
      topic,
      Array.from({ length: 200 }, (_, i) => `m${i}`),
    );
    await start(
      topic,
      `g-${randomBytes(4).toString('hex')}`,
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active -= 1;
        handled += 1;
      },
      { maxInFlightPerPartition: 10 },
    );
    await waitFor(() => handled === 200, { what: '200 messages', timeoutMs: 30_000 });
    expect(peak).toBeLessThanOrEqual(10);
    expect(peak).toBeGreaterThan(1);
  });

  it('fetches each message once while the window is full: the rest of a batch waits in its backlog', async () => {
    const topic = await newTopic();
    let handled = 0;
    let fetched = 0;
    await publish(
      topic,
      Array.from({ length: 300 }, (_, i) => `m${i}`),
    );
    const consumer = new ParallelConsumer({
      kafka: testKafka.kafka,
      groupId: `g-${randomBytes(4).toString('hex')}`,
      topics: [topic],
      fromBeginning: true,
      logger: testKafka.logger,
      maxInFlightPerPartition: 10,
      commitIntervalMs: 50,
      deadLetters: deadLetters(),
      handleMessage: async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        handled += 1;
      },
    });
    consumers.push(consumer);
    consumer.kafkaConsumer.on(consumer.kafkaConsumer.events.START_BATCH_PROCESS, ({ payload }) => {
      fetched += payload.batchSize;
    });
    await consumer.start();
    await waitFor(() => handled === 300, { what: '300 messages', timeoutMs: 30_000 });
    expect(fetched).toBe(300);
  });

  it('hands a backlog message that is not yet due back to Kafka and handles it once due', async () => {
    const topic = await newTopic();
    const seen: Array<{ value: string; at: number }> = [];
    const dueAt = Date.now() + 2_000;
    await publisher.publish(
      ['first', 'later', 'after-later'].map((value) => ({
        topic,
        key: null,
        value,
        partition: 0,
        headers: { due: value === 'later' ? String(dueAt) : '0' },
      })),
    );
    await start(
      topic,
      `g-${randomBytes(4).toString('hex')}`,
      async ({ message }) => {
        // The window (1) is full while `first` runs, so the other two wait in the backlog.
        if (String(message.value) === 'first') await new Promise((resolve) => setTimeout(resolve, 300));
        seen.push({ value: String(message.value), at: Date.now() });
      },
      { maxInFlightPerPartition: 1, notBefore: ({ message }) => Number(message.headers?.due?.toString()) },
    );
    await waitFor(() => seen.length === 3, { what: 'all three messages', timeoutMs: 15_000 });
    expect(seen.map((entry) => entry.value)).toEqual(['first', 'later', 'after-later']);
    expect(seen[1].at).toBeGreaterThanOrEqual(dueAt);
  });

  it('handles a message again after its handler failed, never skipping it', async () => {
    const topic = await newTopic();
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    let calls = 0;
    await publish(topic, ['fragile']);
    await start(topic, groupId, () => {
      calls += 1;
      return calls < 3 ? Promise.reject(new Error('kafka is down')) : Promise.resolve();
    });
    await waitFor(async () => (await committed(groupId, topic)) === 1, {
      what: 'the commit after the third try',
    });
    expect(calls).toBe(3);
  });

  it('on stop, lets in-flight work finish and commits it, so the next consumer starts after it', async () => {
    const topic = await newTopic();
    const groupId = `g-${randomBytes(4).toString('hex')}`;
    const firstRun: string[] = [];
    await publish(topic, ['a', 'b', 'c']);
    const consumer = await start(topic, groupId, async ({ message }) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      firstRun.push(String(message.value));
    });
    await waitFor(() => consumer.messagesInFlight === 3, { what: 'three messages in flight' });
    await consumer.stop(10_000);
    expect(firstRun.sort()).toEqual(['a', 'b', 'c']);
    expect(await committed(groupId, topic)).toBe(3);

    const secondRun: string[] = [];
    await publish(topic, ['d']);
    await start(topic, groupId, ({ message }) => {
      secondRun.push(String(message.value));
      return Promise.resolve();
    });
    await waitFor(() => secondRun.length === 1, { what: 'the new message' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondRun).toEqual(['d']);
  });
});
