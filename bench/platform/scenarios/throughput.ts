import { reportFigure } from '../../bench-result';
import type { BenchContext } from '../bench-context';
import { format } from '../bench-context';
import type { RunStats } from '../receiver/run-record';
import { backlogRun, type BacklogOutcome } from './backlog-run';
import { ENDPOINTS, type PreparedTenant } from './bench-tenant';

/** Reports a run's accepted→received (and published→received) percentiles as `<prefix>.latency_*`. */
export function reportLatency(prefix: string, stats: RunStats, detail: string): void {
  for (const p of ['p50', 'p95', 'p99'] as const) {
    reportFigure({
      name: `${prefix}.latency_${p}`,
      value: Math.round(stats.accepted[p]),
      unit: 'ms',
      detail: `event accepted by the producer (envelope \`time\`) → received; ${detail}`,
    });
  }
  reportFigure({
    name: `${prefix}.published_latency_p99`,
    value: Math.round(stats.published.p99),
    unit: 'ms',
    detail: `record published on the ingest topic → received; ${detail}`,
  });
}

/**
 * 1. Throughput: BENCH_THROUGHPUT_EVENTS events through the ingest topic, spread over 10 endpoints (one
 * delivery per event), published as a backlog while the platform delivers. deliveries/s = distinct
 * deliveries ÷ (last arrival − first arrival).
 */
export async function throughputScenario(ctx: BenchContext, tenant: PreparedTenant): Promise<BacklogOutcome> {
  const events = ctx.settings.throughputEvents;
  const outcome = await backlogRun(ctx, {
    key: 'throughput',
    run: 'throughput',
    events,
    expected: events,
    target: tenant.target('throughput'),
  });
  const { stats } = outcome;
  ctx.log(
    `throughput: ${format(outcome.deliveriesPerSecond)} deliveries/s, p99 ${format(stats.accepted.p99)} ms`,
  );
  const detail = `${format(events)} events of ${stats.averageBytes} B to ${ENDPOINTS} endpoints, published as fast as possible`;
  reportFigure({
    name: 'platform.throughput.deliveries_per_second',
    value: Math.round(outcome.deliveriesPerSecond),
    unit: 'deliveries/s',
    detail: `${detail}; sustained: distinct deliveries/s between the 10th and 90th percentile arrival`,
  });
  reportFigure({
    name: 'platform.throughput.average_deliveries_per_second',
    value: Math.round(outcome.averagePerSecond),
    unit: 'deliveries/s',
    detail: 'the same run: distinct deliveries ÷ (last − first arrival), ramp-up and tail included',
  });
  reportLatency('platform.throughput', stats, 'at saturation: includes the time queued behind the backlog');
  reportFigure({
    name: 'platform.throughput.duplicate_deliveries',
    value: stats.duplicates,
    unit: 'deliveries',
    detail: 'deliveries whose webhook-id had already arrived (at-least-once; expected 0 without failures)',
  });
  return outcome;
}
