import type { Consumer } from 'kafkajs';
import { Registry } from 'prom-client';
import { trackConsumerLag } from './consumer-lag-metrics';

/** Just the instrumentation-event surface of a kafkajs consumer, driven by the test. */
function fakeConsumer() {
  const listeners = new Map<string, Array<(event: { payload: unknown }) => void>>();
  const consumer = {
    events: { END_BATCH_PROCESS: 'end_batch', GROUP_JOIN: 'group_join', STOP: 'stop' },
    on(event: string, listener: (event: { payload: unknown }) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return () =>
        listeners.set(
          event,
          (listeners.get(event) ?? []).filter((l) => l !== listener),
        );
    },
  };
  const emit = (event: string, payload: unknown) =>
    (listeners.get(event) ?? []).forEach((l) => l({ payload }));
  return { consumer: consumer as unknown as Consumer, emit };
}

async function series(registry: Registry) {
  const metric = await registry.getSingleMetric('hookline_kafka_consumer_lag')?.get();
  return (metric?.values ?? []).map((v) => `${v.labels.topic}/${v.labels.partition}=${v.value}`).sort();
}

describe('trackConsumerLag', () => {
  it('reports each partition lag from processed batches, per group', async () => {
    const registry = new Registry();
    const { consumer, emit } = fakeConsumer();
    trackConsumerLag(consumer, 'g1', registry);
    emit('end_batch', { topic: 't', partition: 0, offsetLag: '42' });
    emit('end_batch', { topic: 't', partition: 1, offsetLag: '0' });
    emit('end_batch', { topic: 't', partition: 0, offsetLag: '7' });
    expect(await series(registry)).toEqual(['t/0=7', 't/1=0']);
  });

  it('drops partitions a rebalance took away, and everything when the consumer stops or is untracked', async () => {
    const registry = new Registry();
    const { consumer, emit } = fakeConsumer();
    const untrack = trackConsumerLag(consumer, 'g1', registry);
    emit('end_batch', { topic: 't', partition: 0, offsetLag: '3' });
    emit('end_batch', { topic: 't', partition: 1, offsetLag: '5' });
    emit('group_join', { memberAssignment: { t: [1] } });
    expect(await series(registry)).toEqual(['t/1=5']);
    emit('stop', {});
    expect(await series(registry)).toEqual([]);
    emit('end_batch', { topic: 't', partition: 2, offsetLag: '1' });
    untrack();
    expect(await series(registry)).toEqual([]);
    emit('end_batch', { topic: 't', partition: 2, offsetLag: '9' });
    expect(await series(registry)).toEqual([]);
  });
});
