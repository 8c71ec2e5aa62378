import { Inject, Injectable } from '@nestjs/common';
import { HealthClock } from '../../../clock/health-clock';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import { LONGEST_WINDOW_MS } from '../../../projection/domain/window-stats';

// A day beyond the longest window, so a window never reads a bucket that is being pruned.
const BUCKET_MARGIN_MS = 24 * 3_600_000;

/** Drops minute buckets no window reads any more, and attempts and routings past the trace retention. */
@Injectable()
export class PruneHistoryUseCase {
  constructor(
    private readonly store: HealthStore,
    private readonly clock: HealthClock,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  async execute(): Promise<{ buckets: number; attempts: number; routes: number; deadLetters: number }> {
    const now = this.clock.now().getTime();
    const traceBefore = new Date(now - this.config.traceRetentionMs);
    const { minuteStats, attempts, routes, eventDeadLetters } = this.store.read;
    return {
      buckets: await minuteStats.pruneBefore(new Date(now - LONGEST_WINDOW_MS - BUCKET_MARGIN_MS)),
      attempts: await attempts.pruneBefore(traceBefore),
      routes: await routes.pruneBefore(traceBefore),
      deadLetters: await eventDeadLetters.pruneBefore(traceBefore),
    };
  }
}
