/**
 * What every measured run (backlog or fixed load) reports besides its deliveries: its cost per event
 * (cost/) and its latency per hop (hops/). Start it before the run; finish it once the platform is idle
 * again, before the receiver forgets the run.
 */
import { reportFigure } from '../bench-result';
import type { BenchPlatform } from './bench-platform';
import { CostMeter, type RunCost } from './cost/cost-meter';
import { reportCostPerEvent } from './cost/report-cost';
import { HopTracer } from './hops/hop-tracer';

export class RunObserver {
  private constructor(
    private readonly platform: BenchPlatform,
    private readonly stopCost: () => Promise<RunCost>,
    private readonly tracer: HopTracer,
  ) {}

  static async start(platform: BenchPlatform): Promise<RunObserver> {
    const stopCost = await new CostMeter(platform, platform.pg!).start();
    const tracer = await HopTracer.start(
      platform.kafka!.kafka,
      { events: platform.kafka!.topics.events, outcomes: platform.kafka!.topics.deliveryOutcomes },
      platform.pg!,
      `${platform.kafka!.namespace}hookline.bench`,
    );
    return new RunObserver(platform, stopCost, tracer);
  }

  /** After a failed run: stop polling, report nothing. */
  abandon(): void {
    this.tracer.stop();
  }

  async finish(key: string, run: string, events: number): Promise<void> {
    const cost = await this.stopCost();
    reportCostPerEvent(key, cost, events);
    const arrivals = await this.platform.receiver!.arrivals(run);
    const hops = await this.tracer.finish(arrivals);
    for (const [hop, summary] of Object.entries(hops)) {
      for (const p of ['p50', 'p95', 'p99'] as const) {
        if (Number.isNaN(summary[p])) continue;
        reportFigure({
          name: `platform.hops.${key}.${hop}.${p}`,
          value: Math.round(summary[p]),
          unit: 'ms',
          detail: `${summary.count} first attempts`,
        });
      }
    }
  }
}
