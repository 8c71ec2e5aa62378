import type { Consumer } from 'kafkajs';
import { Gauge, register, type Registry } from 'prom-client';
import type { BatchConsumer } from './batch-consumer';

const LAG_METRIC = 'hookline_kafka_consumer_lag';

function lagGauge(registry: Registry): Gauge<'group' | 'topic' | 'partition'> {
  const existing = registry.getSingleMetric(LAG_METRIC);
  if (existing !== undefined) return existing as Gauge<'group' | 'topic' | 'partition'>;
  return new Gauge({
    name: LAG_METRIC,
    help: 'Records between the last record a consumer group processed and the partition high watermark',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
  });
}

/**
 * Exports `hookline_kafka_consumer_lag{group,topic,partition}` for a consumer, from kafkajs's own
 * instrumentation: every processed batch reports the partition's high watermark, so the gauge moves with no
 * extra broker round trip. Partitions taken away by a rebalance, and the whole group on stop, drop their
 * series so a revoked partition never reports a stale lag. Returns a function that stops tracking.
 *
 * Wire it once per consumer, after constructing it: `trackConsumerLag(batchConsumer, groupId)`.
 */
export function trackConsumerLag(
  consumer: BatchConsumer | Consumer,
  group: string,
  registry: Registry = register,
): () => void {
  const kafkaConsumer = 'kafkaConsumer' in consumer ? consumer.kafkaConsumer : consumer;
  const gauge = lagGauge(registry);
  const tracked = new Map<string, { topic: string; partition: string }>();
  const forget = (key: string) => {
    const series = tracked.get(key);
    if (series !== undefined) gauge.remove({ group, ...series });
    tracked.delete(key);
  };
  const { END_BATCH_PROCESS, GROUP_JOIN, STOP } = kafkaConsumer.events;
  const removers = [
    kafkaConsumer.on(END_BATCH_PROCESS, ({ payload }) => {
      const partition = String(payload.partition);
      tracked.set(`${payload.topic}:${partition}`, { topic: payload.topic, partition });
      gauge.set({ group, topic: payload.topic, partition }, Math.max(0, Number(payload.offsetLag)));
    }),
    kafkaConsumer.on(GROUP_JOIN, ({ payload }) => {
      const assigned = new Set(
        Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
          partitions.map((partition) => `${topic}:${partition}`),
        ),
      );
      for (const key of [...tracked.keys()]) if (!assigned.has(key)) forget(key);
    }),
    kafkaConsumer.on(STOP, () => {
      for (const key of [...tracked.keys()]) forget(key);
    }),
  ];
  return () => {
    for (const remove of removers) remove();
    for (const key of [...tracked.keys()]) forget(key);
  };
}
