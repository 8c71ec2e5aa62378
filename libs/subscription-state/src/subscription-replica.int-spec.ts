import type { EndpointRecord } from '@hookline/contracts';
import { KafkaPublisher } from '@hookline/kafka';
import { createTestKafka, waitFor, type TestKafka } from '@hookline/testing';
import { register } from 'prom-client';
import { SubscriptionReplica } from './subscription-replica';
import { replicaReadiness } from './unapplicable-records';

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

  it('says so when it meets a record it cannot apply (metric, readiness detail), until a valid one replaces it', async () => {
    const unapplicableTotal = async () =>
      (await register.getSingleMetric('hookline_replica_unapplicable_records_total')?.get())?.values.find(
        (value) => value.labels.topic === testKafka.topics.subscriptions,
      )?.value ?? 0;
    const replica = newReplica();
    await replica.start();
    const before = await unapplicableTotal();
    await put(endpoint('ep_url', 1), 'ep_url');
    // A disable the replica cannot apply (a URL the API would never have stored): the old state stays, loudly.
    await put({ ...endpoint('ep_url', 2, false), url: 'ftp://files.example.com/' }, 'ep_url');
    const stale = () => replica.unapplicable.list().map((record) => record.key);
    await waitFor(() => stale().includes('ep_url'), { what: 'the unapplicable record to be noted' });
    expect(replica.state.endpoint('ep_url')?.enabled).toBe(true);
    // Every replica in this process counts it (the earlier tests' replicas follow the topic too).
    expect(await unapplicableTotal()).toBeGreaterThan(before);
    const readiness = await replicaReadiness('routing-table', replica).check();
    expect(readiness).toEqual({
      up: true,
      detail: {
        // ep_url, and ep_bad from the first test (the topic still holds it as that key's latest record).
        unapplicableRecords: 2,
        latest: [
          { key: 'ep_url', partition: 0, offset: expect.any(String), reason: expect.stringContaining('url') },
          expect.objectContaining({ key: 'ep_bad' }),
        ],
      },
    });

    await put(endpoint('ep_url', 3, false), 'ep_url');
    await waitFor(() => !stale().includes('ep_url'), { what: 'the valid record to clear it' });
    expect(replica.state.endpoint('ep_url')?.enabled).toBe(false);
  });

  it('applies an endpoint whose URL has a | or a space in its path (the API accepts them)', async () => {
    const replica = newReplica();
    await replica.start();
    await put({ ...endpoint('ep_pipe', 1), url: 'https://example.com/a|b c' }, 'ep_pipe');
    await waitFor(() => replica.state.endpoint('ep_pipe'), { what: 'the endpoint' });
    expect(replica.unapplicable.list().map((record) => record.key)).not.toContain('ep_pipe');
  });
});
