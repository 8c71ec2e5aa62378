import { createTestKafka, type TestKafka } from '@hookline/testing';
import { KafkaPublisher } from './kafka-publisher';
import { RecordTooLargeError } from './record-too-large.error';

describe('KafkaPublisher (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    testKafka = await createTestKafka();
    // A limit above the topics' own (1 MiB), so the broker's refusal is reachable too.
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger, { maxMessageBytes: 4 * 1024 * 1024 });
    await publisher.connect();
  });

  afterAll(() => publisher.disconnect());

  it('loses nothing when many callers publish at once (kafkajs#1005 drops records in this case)', async () => {
    const topic = testKafka.topics.events;
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        publisher.publish([{ topic, key: `entity-${i % 7}`, value: JSON.stringify({ i }) }]),
      ),
    );
    const records = await testKafka.readTopic(topic, 500);
    const seen = new Set(records.map((record) => (JSON.parse(record.value!.toString()) as { i: number }).i));
    expect(seen.size).toBe(500);
  });

  it('keeps the order of one key across separate publish calls', async () => {
    const topic = testKafka.topics.deliveryOutcomes;
    const calls = Array.from({ length: 50 }, (_, i) =>
      publisher.publish([{ topic, key: 'one-entity', value: JSON.stringify({ i }) }]),
    );
    await Promise.all(calls);
    const order = (await testKafka.readTopic(topic, 50)).map(
      (r) => (JSON.parse(r.value!.toString()) as { i: number }).i,
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('splits a coalesced burst bigger than the broker accepts in one batch, and delivers all of it', async () => {
    const topic = testKafka.topics.eventRouting;
    const value = 'x'.repeat(1_024);
    await Promise.all(
      Array.from({ length: 3_000 }, (_, i) =>
        publisher.publish([{ topic, key: 'same-partition', value: `${i}:${value}` }]),
      ),
    );
    const records = await testKafka.readTopic(topic, 3_000);
    expect(new Set(records.map((record) => String(record.value).split(':')[0])).size).toBe(3_000);
  });

  it('keeps publishing after the broker refused a record (no "out of order sequence" afterwards)', async () => {
    const topic = testKafka.topics.deliveriesDeadLetter;
    await expect(
      publisher.publish([{ topic, key: 'k', value: 'y'.repeat(2 * 1024 * 1024) }]),
    ).rejects.toThrow(/larger than the max message size/);
    await publisher.publish([{ topic, key: 'k', value: 'after' }]);
    const records = await testKafka.readTopic(topic, 1);
    expect(records.map((record) => String(record.value))).toEqual(['after']);
  });

  it('creates every core topic with max.message.bytes (1 MiB unless set)', async () => {
    const admin = testKafka.kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [testKafka.topics.subscriptions, testKafka.topics.events].map((name) => ({
          type: 2, // ConfigResourceTypes.TOPIC
          name,
          configNames: ['max.message.bytes'],
        })),
      });
      expect(resources.map((resource) => resource.configEntries[0]?.configValue)).toEqual([
        '1048576',
        '1048576',
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses a record over the limit before Kafka, publishes none of its batch, and goes on', async () => {
    const topic = testKafka.topics.ingestDeadLetter;
    const small = new KafkaPublisher(testKafka.kafka, testKafka.logger, { maxMessageBytes: 64 * 1024 });
    await small.connect();
    try {
      const refused = small.publish([
        { topic, key: 'fits', value: 'before' },
        { topic, key: 'too-large', value: 'z'.repeat(64 * 1024) },
      ]);
      await expect(refused).rejects.toBeInstanceOf(RecordTooLargeError);
      await expect(refused).rejects.toMatchObject({ topic, key: 'too-large', limit: 64 * 1024 });
      // Near the limit, but under it: accepted by the check and by the broker (which allows 1 MiB here).
      await small.publish([{ topic, key: 'after', value: 'a'.repeat(60 * 1024) }]);
      const records = await testKafka.readTopic(topic, 1);
      expect(records.map((record) => String(record.key))).toEqual(['after']);
    } finally {
      await small.disconnect();
    }
  });
});
