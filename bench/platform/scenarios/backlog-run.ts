import type { BenchContext, ServiceUsage } from '../bench-context';
import { format, perSecond, sustained } from '../bench-context';
import type { LoadTarget } from '../ingest-load';
import { RunObserver } from '../run-observer';
import type { RunStats } from '../receiver/run-record';

export interface BacklogOutcome {
  events: number;
  stats: RunStats;
  /** Sustained: distinct deliveries/s over the middle 80% of the run (see RunStats.sustainedPerSecond). */
  deliveriesPerSecond: number;
  /** Distinct deliveries ÷ (last − first arrival). */
  averagePerSecond: number;
  /** First record published → last delivery received. */
  wallMs: number;
  usage: ServiceUsage;
}

/**
 * Publishes `events` to the ingest topic as fast as the broker takes them while the platform delivers
 * them, and waits for `expected` distinct deliveries of `run` (then for the services to go idle). CPU and
 * peak RSS are measured over all of it and reported under `key`.
 */
export async function backlogRun(
  ctx: BenchContext,
  options: { key: string; run: string; events: number; expected: number; target: LoadTarget },
): Promise<BacklogOutcome> {
  const { key, run, events, expected, target } = options;
  ctx.log(`${key}: publishing ${format(events)} events of ~1 KiB to the ingest topic`);
  const observer = await RunObserver.start(ctx.platform);
  const { result, usage } = await ctx
    .measure(key, async () => {
      const started = Date.now();
      const publishing = ctx.load.publishBacklog(target, events, ctx.signal).then(() => {
        ctx.log(
          `  ${key}: all ${format(events)} published in ${((Date.now() - started) / 1_000).toFixed(1)} s`,
        );
      });
      // Delivery proceeds while the load is still being published; a failed publish fails the run at once.
      await Promise.all([publishing, ctx.waitForDeliveries(run, expected, key)]);
      const stats = await ctx.receiver.stats(run);
      await ctx.settle();
      return { started, stats };
    })
    .catch((error: unknown) => {
      observer.abandon();
      throw error;
    });
  const { started, stats } = result;
  await observer.finish(key, run, events);
  await ctx.receiver.forget(run);
  ctx.addToTimeline(key, stats);
  return {
    events,
    stats,
    deliveriesPerSecond: sustained(stats),
    averagePerSecond: perSecond(stats.unique, stats),
    wallMs: stats.lastAt - started,
    usage,
  };
}
