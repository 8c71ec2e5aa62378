import { createTestKafka, type TestKafka } from '@hookline/testing';
import { KafkaPublisher } from './kafka-publisher';

describe('KafkaPublisher (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    testKafka = await createTestKafka();
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
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
});
