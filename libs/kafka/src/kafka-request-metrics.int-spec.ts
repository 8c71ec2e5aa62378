import { Registry } from 'prom-client';
import { createTestKafka, type TestKafka } from '@hookline/testing';
import { countKafkaRequests } from './kafka-request-metrics';

async function counted(registry: Registry, client: string, api: string): Promise<number> {
  const metric = await registry.getSingleMetric('hookline_kafka_requests_total')!.get();
  return metric.values
    .filter((value) => value.labels.client === client && value.labels.api === api)
    .reduce((sum, value) => sum + value.value, 0);
}

describe('countKafkaRequests (real Kafka)', () => {
  let testKafka: TestKafka;

  beforeAll(async () => {
    testKafka = await createTestKafka();
  });

  it('counts the produce requests of a producer and the fetch requests of a consumer, by API', async () => {
    const registry = new Registry();
    const kafka = countKafkaRequests(testKafka.kafka, registry);
    const topic = testKafka.topics.events;
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }] });
    await producer.send({ topic, messages: [{ value: 'b' }] });
    await producer.disconnect();
    expect(await counted(registry, 'producer', 'Produce')).toBe(2);

    const consumer = kafka.consumer({ groupId: `${topic}.request-metrics`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let seen = 0;
    const read = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: () => {
          if (++seen === 2) resolve();
          return Promise.resolve();
        },
      });
    });
    await read;
    await consumer.disconnect();
    expect(await counted(registry, 'consumer', 'Fetch')).toBeGreaterThan(0);
  });
});
