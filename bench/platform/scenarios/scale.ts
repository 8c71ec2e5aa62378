import { reportFigure } from '../../bench-result';
import type { BenchContext } from '../bench-context';
import { format } from '../bench-context';
import { backlogRun, type BacklogOutcome } from './backlog-run';
import type { PreparedTenant } from './bench-tenant';

function reportCost(size: number, outcome: BacklogOutcome): void {
  const prefix = `platform.scale.${size}`;
  const cpuMs = Object.values(outcome.usage).reduce((sum, usage) => sum + usage.cpuMs, 0);
  reportFigure({
    name: `${prefix}.deliveries_per_second`,
    value: Math.round(outcome.deliveriesPerSecond),
    unit: 'deliveries/s',
    detail: `${format(size)} events, first → last arrival`,
  });
  reportFigure({
    name: `${prefix}.wall_ms_per_event`,
    value: Number((outcome.wallMs / size).toFixed(4)),
    unit: 'ms/event',
    detail: 'first record published → last delivery received, ÷ events',
  });
  reportFigure({
    name: `${prefix}.cpu_ms_per_event`,
    value: Number((cpuMs / size).toFixed(4)),
    unit: 'ms/event',
    detail: 'user + system CPU of the four services over the run (until idle), ÷ events',
  });
  for (const [service, usage] of Object.entries(outcome.usage)) {
    reportFigure({
      name: `${prefix}.cpu_ms_per_event.${service}`,
      value: Number((usage.cpuMs / size).toFixed(4)),
      unit: 'ms/event',
    });
  }
}

/**
 * 6. Scale: a backlog of each BENCH_SCALE size; cost per event (CPU of the services, wall time) per size.
 * A size equal to scenario 1's event count is scenario 1's run, not run again; a size that would take
 * longer than BENCH_SCALE_MAX_SECONDS at scenario 1's rate is skipped (and reported as skipped).
 */
export async function scaleScenario(
  ctx: BenchContext,
  tenant: PreparedTenant,
  throughput: BacklogOutcome | undefined,
): Promise<void> {
  const { scaleMaxSeconds } = ctx.settings;
  for (const size of ctx.settings.scaleSizes) {
    const estimate = throughput === undefined ? 0 : size / throughput.deliveriesPerSecond;
    if (estimate > scaleMaxSeconds) {
      ctx.log(
        `scale ${format(size)}: skipped, about ${format(estimate)} s at ${format(throughput!.deliveriesPerSecond)}/s ` +
          `(over BENCH_SCALE_MAX_SECONDS=${scaleMaxSeconds})`,
      );
      reportFigure({
        name: `platform.scale.${size}.skipped_estimated_seconds`,
        value: Math.round(estimate),
        unit: 's',
        detail: `not run: ${format(size)} events at scenario 1's rate would take this long, over BENCH_SCALE_MAX_SECONDS=${scaleMaxSeconds}`,
      });
      continue;
    }
    const outcome =
      throughput !== undefined && throughput.events === size
        ? throughput
        : await backlogRun(ctx, {
            key: `scale-${size}`,
            run: `scale-${size}`,
            events: size,
            expected: size,
            target: tenant.target(`scale-${size}`),
          });
    const cpuMs = Object.values(outcome.usage).reduce((sum, usage) => sum + usage.cpuMs, 0);
    ctx.log(
      `scale ${format(size)}: ${format(outcome.deliveriesPerSecond)} deliveries/s, ` +
        `${(cpuMs / size).toFixed(3)} CPU ms and ${(outcome.wallMs / size).toFixed(3)} wall ms per event`,
    );
    reportCost(size, outcome);
  }
}
