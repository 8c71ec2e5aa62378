/**
 * Delivery throughput with 1 and with 2 delivery replicas (`npm run bench -- replicas`). For each count, a
 * fresh namespace: the replicas start and settle into their groups, then BENCH_REPLICAS_EVENTS events
 * (default 20000) spread over ten endpoints are published, and deliveries/s = deliveries ÷ (last arrival −
 * first arrival). On one machine both runs share the same cores, so the ratio shows what coordination
 * costs (the extra routing hop, two processes' overhead, rebalances at start), not added capacity.
 */
import { waitFor } from '@hookline/testing';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';
import { reportFigure } from '../bench-result';
import { BenchReceiver, benchEvents, processCpuMs, waitUntil } from './delivery-bench-support';

const EVENTS = Number(process.env.BENCH_REPLICAS_EVENTS ?? 20_000);
const ENDPOINTS = 10;
const TYPES = Array.from({ length: ENDPOINTS }, (_, i) => `bench.e${i}`);

async function run(replicas: number, receiver: BenchReceiver): Promise<{ perSecond: number; cpuMs: number }> {
  receiver.reset();
  const harness = new DeliveryHarness({ partitions: 6, env: { LOG_LEVEL: 'warn', KAFKA_PARTITIONS: '6' } });
  await harness.prepare();
  try {
    const tenant = await harness.createTenant();
    for (const [i, type] of TYPES.entries()) {
      await harness.createEndpoint(tenant.id, { url: receiver.url(`/ep${i}`), eventTypes: [type] });
    }
    const processes = [await harness.startDelivery()];
    for (let n = 1; n < replicas; n++) processes.push(await harness.startReplica());
    await settled(harness, replicas);
    const cpuBefore = processes.map((p) => processCpuMs(p.pid));
    await harness.publishEvents(benchEvents(harness, tenant.id, EVENTS, TYPES));
    await waitUntil(() => receiver.count >= EVENTS, 300_000, `every delivery with ${replicas} replica(s)`);
    const cpuMs = processes.reduce((sum, p, i) => sum + processCpuMs(p.pid) - cpuBefore[i], 0);
    return { perSecond: (EVENTS * 1_000) / Math.max(1, receiver.lastAt - receiver.firstAt), cpuMs };
  } finally {
    await harness.stop();
  }
}

/** Both delivery groups stable with every replica in them, so no rebalance falls inside the measurement. */
async function settled(harness: DeliveryHarness, members: number): Promise<void> {
  const admin = harness.kafka.kafka.admin();
  await admin.connect();
  try {
    const prefix = `${harness.kafka.namespace}hookline.delivery`;
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups([`${prefix}.events`, `${prefix}.retries`]);
        return groups.every((group) => group.state === 'Stable' && group.members.length === members);
      },
      { what: `${members} stable members in both delivery groups`, timeoutMs: 90_000, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const receiver = await new BenchReceiver().start();
  try {
    const one = await run(1, receiver);
    const two = await run(2, receiver);
    for (const [replicas, result] of [
      [1, one],
      [2, two],
    ] as const) {
      reportFigure({
        name: `delivery.replicas_${replicas}_deliveries_per_second`,
        value: Math.round(result.perSecond),
        unit: 'deliveries/s',
        detail: `${EVENTS} deliveries to ${ENDPOINTS} endpoints by ${replicas} delivery process(es) on this machine`,
      });
      reportFigure({
        name: `delivery.replicas_${replicas}_cpu_ms_per_delivery`,
        value: Number((result.cpuMs / EVENTS).toFixed(3)),
        unit: 'ms',
        detail: 'CPU (user + system) of all delivery processes, per delivery',
      });
    }
    reportFigure({
      name: 'delivery.replicas_2_to_1_ratio',
      value: Number((two.perSecond / one.perSecond).toFixed(2)),
      unit: 'ratio',
      detail: 'same cores for both: the cost of coordination, not added capacity',
    });
  } finally {
    await receiver.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
