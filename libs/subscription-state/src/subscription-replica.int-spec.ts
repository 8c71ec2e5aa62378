import type { EndpointRecord } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import { createTestKafka, waitFor, type TestKafka } from '@hookline/testing';
import { SubscriptionReplica } from './subscription-replica';

const endpoint = (id: string, version: number, enabled = true): EndpointRecord => ({
  kind: 'endpoint',
  id,
  tenantId: 't1',
  url: 'https://example.com/hooks',
  description: '',
  eventTypes: ['*'],
  entityTypes: [],
  headers: {},
  rateLimitPerSecond: null,
  enabled,
  disabledReason: null,
  secrets: [],
  version,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
});

describe('SubscriptionReplica (real Kafka)', () => {
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;
  const replicas: SubscriptionReplica[] = [];

  beforeAll(async () => {
    testKafka = await createTestKafka();
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await publisher.disconnect();
  });

  const newReplica = () => {
    const replica = new SubscriptionReplica(
      testKafka.kafka,
      testKafka.topics.subscriptions,
      'test',
      testKafka.logger,
    );
    replicas.push(replica);
    return replica;
  };
  const put = (record: EndpointRecord | null, key: string) =>
    publisher.publish([
      { topic: testKafka.topics.subscriptions, key, value: record === null ? null : JSON.stringify(record) },
    ]);

  it('starts only once it holds everything already on the topic, and follows later changes', async () => {
    const empty = newReplica();
    await empty.start();
    expect(empty.isCaughtUp).toBe(true);

    for (let i = 0; i < 200; i++) await put(endpoint(`ep_${i}`, 1), `ep_${i}`);
    await put(endpoint('ep_7', 2, false), 'ep_7');
    await put(null, 'ep_9');
    await put({ nonsense: true } as unknown as EndpointRecord, 'ep_bad');

    const replica = newReplica();
    await replica.start();
    expect([...replica.state.allEndpoints()]).toHaveLength(199);
    expect(replica.state.endpoint('ep_7')?.enabled).toBe(false);
    expect(replica.state.endpoint('ep_9')).toBeUndefined();

    await put(endpoint('ep_new', 1), 'ep_new');
    await waitFor(() => replica.state.endpoint('ep_new'), { what: 'the new endpoint' });
    await waitFor(() => empty.state.endpoint('ep_new'), { what: 'the first replica to follow' });
  });
});
