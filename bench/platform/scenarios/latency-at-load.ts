import { reportFigure } from '../../bench-result';
import type { BenchContext } from '../bench-context';
import { format } from '../bench-context';
import type { RunStats } from '../receiver/run-record';
import { RunObserver } from '../run-observer';
import type { PreparedTenant } from './bench-tenant';
import { reportLatency } from './throughput';

/**
 * Publishes at `load`% of `maxRate` for BENCH_LATENCY_SECONDS under run `run`, waits for every delivery,
 * and returns the run's stats (latency is per delivery: accepted → received).
 */
export async function runAtLoad(
  ctx: BenchContext,
  options: {
    key: string;
    run: string | ((i: number) => string);
    watch: string;
    tenant: PreparedTenant;
    rate: number;
    expected: (sent: number) => number;
  },
): Promise<{ sent: number; stats: RunStats }> {
  const { key, run, watch, tenant, rate } = options;
  ctx.log(`${key}: ${format(rate)} events/s for ${ctx.settings.latencySeconds} s`);
  const observer = await RunObserver.start(ctx.platform);
  try {
    const sent = await ctx.load.publishAtRate(
      tenant.target(run),
      rate,
      ctx.settings.latencySeconds * 1_000,
      ctx.signal,
    );
    await ctx.waitForDeliveries(watch, options.expected(sent), key);
    const stats = await ctx.receiver.stats(watch);
    ctx.addToTimeline(key, stats);
    await ctx.settle();
    await observer.finish(key, watch, sent);
    await ctx.receiver.forget(watch);
    return { sent, stats };
  } catch (error) {
    observer.abandon();
    throw error;
  }
}

/** 3. Latency at fixed fractions (25%, 50%) of scenario 1's measured rate. Returns p99 per load. */
export async function latencyScenario(
  ctx: BenchContext,
  tenant: PreparedTenant,
  maxRate: number,
): Promise<Map<number, RunStats>> {
  const byLoad = new Map<number, RunStats>();
  for (const load of ctx.settings.latencyLoads) {
    const key = `latency-${load}pct`;
    const rate = Math.max(10, Math.round((maxRate * load) / 100));
    const { result } = await ctx.measure(key, () =>
      runAtLoad(ctx, { key, run: key, watch: key, tenant, rate, expected: (sent) => sent }),
    );
    const { sent, stats } = result;
    byLoad.set(load, stats);
    ctx.log(`${key}: p50 ${format(stats.accepted.p50)} ms, p99 ${format(stats.accepted.p99)} ms`);
    reportFigure({
      name: `platform.latency_${load}pct.rate`,
      value: rate,
      unit: 'events/s',
      detail: `${load}% of scenario 1's deliveries/s, ${format(sent)} events over ${ctx.settings.latencySeconds} s`,
    });
    reportLatency(`platform.latency_${load}pct`, stats, `at ${format(rate)} events/s`);
  }
  return byLoad;
}
