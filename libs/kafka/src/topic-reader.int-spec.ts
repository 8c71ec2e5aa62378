import { randomBytes } from 'node:crypto';
import { createTestKafka, type TestKafka } from '@hookline/testing';
import { ensureTopics } from './ensure-topics';
import { KafkaPublisher } from './kafka-publisher';
import { offsetRangesByTime, readOffsetRanges, readRecordAt } from './topic-reader';

describe('topic reader (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;
  let topic: string;
  const base = Date.now() - 60_000;

  beforeAll(async () => {
    testKafka = await createTestKafka();
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
    topic = `${testKafka.namespace}reader.${randomBytes(4).toString('hex')}`;
    await ensureTopics(testKafka.kafka, [{ topic, partitions: 2, replicationFactor: 1 }], testKafka.logger);
    // Ten records a second apart on each partition, timestamped explicitly.
    await publisher.publish(
      Array.from({ length: 20 }, (_, i) => ({
        topic,
        key: null,
        partition: i % 2,
        value: `r${i}`,
        timestamp: base + Math.floor(i / 2) * 1_000,
      })),
    );
  });

  afterAll(() => publisher.disconnect());

  it('reads exactly the records of a time range, on every partition', async () => {
    const ranges = await offsetRangesByTime(testKafka.kafka, topic, base + 3_000, base + 6_000);
    expect(ranges.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, from: '3', to: '6' },
      { partition: 1, from: '3', to: '6' },
    ]);
    const values: string[] = [];
    await readOffsetRanges({
      kafka: testKafka.kafka,
      topic,
      ranges,
      groupPrefix: 'topic-reader-test',
      onRecords: (_, messages) => {
        values.push(...messages.map((message) => String(message.value)));
        return Promise.resolve();
      },
    });
    expect(values.sort()).toEqual(['r10', 'r11', 'r6', 'r7', 'r8', 'r9']);
  });

  it('treats a range that reaches past the newest record as ending there', async () => {
    const ranges = await offsetRangesByTime(testKafka.kafka, topic, base + 8_500, Date.now() + 60_000);
    let count = 0;
    await readOffsetRanges({
      kafka: testKafka.kafka,
      topic,
      ranges,
      groupPrefix: 'topic-reader-test',
      onRecords: (_, messages) => {
        count += messages.length;
        return Promise.resolve();
      },
    });
    expect(count).toBe(2);
  });

  it('reads one record back by position, and nothing for a position that does not exist', async () => {
    const record = await readRecordAt(testKafka.kafka, topic, 1, '4', 'topic-reader-test');
    expect(String(record?.value)).toBe('r9');
    expect(await readRecordAt(testKafka.kafka, topic, 1, '999', 'topic-reader-test')).toBeUndefined();
  });
});
