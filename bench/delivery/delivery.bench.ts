/**
 * Delivery throughput and latency, and the ceiling of the same pipeline measured in the same run.
 *
 * 1. Throughput: BENCH_DELIVERY_EVENTS events (default 60000) are put on events.v1 first, spread over ten
 *    endpoints (one delivery each); the built delivery service then starts as its own process and delivers
 *    them to a local receiver. deliveries/s = deliveries / (last arrival − first arrival).
 * 2. Ceiling: a bare kafkajs consumer reads the same events and POSTs each with undici (keep-alive) to the
 *    same receiver: no routing, signing, limits, outcomes or commits. Ratio = 1 ÷ 2.
 * 3. Latency at 25% load: events published at a quarter of the measured throughput for 20 s; latency is
 *    receiver arrival − publish time, p50/p95/p99.
 * Peak RSS of the delivery process is sampled throughout.
 */
import { randomBytes } from 'node:crypto';
import { type Kafka } from 'kafkajs';
import { Agent, request } from 'undici';
import { createKafkaClient } from '@hookline/kafka';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';
import { reportFigure } from '../bench-result';
import {
  BenchReceiver,
  benchEvents,
  deliveryCounters,
  percentile,
  processCpuMs,
  publishAtRate,
  sampleRss,
  waitUntil,
} from './delivery-bench-support';

const EVENTS = Number(process.env.BENCH_DELIVERY_EVENTS ?? 60_000);
const ENDPOINTS = 10;
const TYPES = Array.from({ length: ENDPOINTS }, (_, i) => `bench.e${i}`);
const LATENCY_RUN_MS = 20_000;

async function ceiling(kafka: Kafka, topic: string, receiver: BenchReceiver, url: string): Promise<number> {
  receiver.reset();
  const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });
  const consumer = kafka.consumer({
    groupId: `ceiling-${randomBytes(4).toString('hex')}`,
    maxWaitTimeInMs: 50,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      for (let start = 0; start < batch.messages.length; start += 256) {
        await Promise.all(
          batch.messages.slice(start, start + 256).map(async (message) => {
            const response = await request(url, {
              method: 'POST',
              body: message.value ?? '',
              headers: { 'content-type': 'application/json' },
              dispatcher: agent,
            });
            await response.body.dump();
          }),
        );
      }
    },
  });
  await waitUntil(() => receiver.count >= EVENTS, 150_000, 'the ceiling run');
  await consumer.disconnect();
  await agent.close();
  return (EVENTS * 1_000) / Math.max(1, receiver.lastAt - receiver.firstAt);
}

/**
 * For profiling and tuning runs: BENCH_DELIVERY_NODE_OPTIONS (e.g. `--require ./profile.js`) and
 * BENCH_DELIVERY_ENV (`NAME=value,NAME=value`, e.g. `DELIVERY_IN_FLIGHT_PER_PARTITION=64`) reach the
 * delivery process only.
 */
function deliveryEnvOverrides(): Record<string, string> {
  const env: Record<string, string> = {};
  const nodeOptions = process.env.BENCH_DELIVERY_NODE_OPTIONS;
  if (nodeOptions !== undefined && nodeOptions !== '') env.NODE_OPTIONS = nodeOptions;
  for (const pair of (process.env.BENCH_DELIVERY_ENV ?? '').split(',')) {
    const [name, ...value] = pair.split('=');
    if (name.trim() !== '' && value.length > 0) env[name.trim()] = value.join('=');
  }
  return env;
}

async function main(): Promise<void> {
  const receiver = await new BenchReceiver().start();
  const harness = new DeliveryHarness({ partitions: 6, env: { LOG_LEVEL: 'warn' } });
  await harness.prepare();
  try {
    const tenant = await harness.createTenant();
    for (const [i, type] of TYPES.entries()) {
      await harness.createEndpoint(tenant.id, { url: receiver.url(`/ep${i}`), eventTypes: [type] });
    }
    const publishStarted = performance.now();
    await harness.publishEvents(benchEvents(harness, tenant.id, EVENTS, TYPES));
    const publishSeconds = (performance.now() - publishStarted) / 1_000;

    // 1. The delivery service drains the backlog.
    const delivery = await harness.startDelivery(deliveryEnvOverrides());
    const rss = sampleRss(delivery.pid);
    const cpuBefore = processCpuMs(delivery.pid);
    await waitUntil(() => receiver.count >= EVENTS, 170_000, 'every delivery');
    const deliveriesPerSecond = (EVENTS * 1_000) / Math.max(1, receiver.lastAt - receiver.firstAt);
    // CPU per delivery is steadier than the rate when other work shares the machine.
    const cpuPerDelivery = (processCpuMs(delivery.pid) - cpuBefore) / EVENTS;
    for (const line of await deliveryCounters(delivery.url)) console.log(`  ${line}`);

    // 3. Latency at a quarter of that rate, same process.
    receiver.reset();
    const rate = Math.max(50, Math.round(deliveriesPerSecond / 4));
    const sent = await publishAtRate(harness, tenant.id, TYPES, rate, LATENCY_RUN_MS);
    await waitUntil(() => receiver.count >= sent, 60_000, 'the latency run');
    const latencies = [...receiver.latencies].sort((a, b) => a - b);
    const peakRss = rss.stop();
    await delivery.stop();

    // 2. The ceiling, with the delivery service stopped so both runs have the machine to themselves.
    const ceilingKafka = createKafkaClient(
      {
        brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
        clientId: 'ceiling',
        namespace: '',
        ssl: false,
      },
      harness.kafka.logger,
    );
    const ceilingPerSecond = await ceiling(
      ceilingKafka,
      harness.kafka.topics.events,
      receiver,
      receiver.url('/ceiling'),
    );

    const ratio = deliveriesPerSecond / ceilingPerSecond;
    reportFigure({
      name: 'delivery.deliveries_per_second',
      value: Math.round(deliveriesPerSecond),
      unit: 'deliveries/s',
      detail: `${EVENTS} signed deliveries to ${ENDPOINTS} endpoints, backlog drained by the built service`,
    });
    reportFigure({
      name: 'delivery.cpu_ms_per_delivery',
      value: Number(cpuPerDelivery.toFixed(3)),
      unit: 'ms',
      detail: 'CPU time (user + system) of the delivery process while it drained the backlog, per delivery',
    });
    reportFigure({
      name: 'delivery.ceiling_per_second',
      value: Math.round(ceilingPerSecond),
      unit: 'deliveries/s',
      detail: 'bare kafkajs consumer POSTing with undici to the same receiver, same events',
    });
    reportFigure({ name: 'delivery.ratio_to_ceiling', value: Number(ratio.toFixed(3)), unit: 'ratio' });
    for (const p of [50, 95, 99]) {
      reportFigure({
        name: `delivery.latency_p${p}_at_25pct_load`,
        value: percentile(latencies, p),
        unit: 'ms',
        detail: `event published → receiver, ${sent} events at ${rate}/s`,
      });
    }
    reportFigure({
      name: 'delivery.peak_rss',
      value: peakRss,
      unit: 'MiB',
      detail: 'delivery process, whole run',
    });
    reportFigure({
      name: 'delivery.events_published_per_second',
      value: Math.round(EVENTS / publishSeconds),
      unit: 'events/s',
    });
  } finally {
    await harness.stop();
    await receiver.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
