import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { HEALTH_CONFIG, type HealthConfig } from '../config/health.config';
import { ProjectionProgress } from '../projection/projection-progress';
import { DecisionLedger } from './decision-ledger';
import { PruneHistoryUseCase } from './usecases/prune-history/prune-history.usecase';
import { RetireZombiesUseCase } from './usecases/retire-zombies/retire-zombies.usecase';

/** Runs the retirement sweep, then pruning, every `HEALTH_SWEEP_INTERVAL_MS` (real time), one run at a time. */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly retireZombies: RetireZombiesUseCase,
    private readonly pruneHistory: PruneHistoryUseCase,
    private readonly ledger: DecisionLedger,
    private readonly progress: ProjectionProgress,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'sweep-scheduler' });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.config.sweepIntervalMs);
  }

  private async runOnce(): Promise<void> {
    try {
      await this.ledger.load();
      if (await this.progress.caughtUp()) await this.retireZombies.execute();
      else this.logger.info('projection still catching up; retirement sweep deferred');
      const pruned = await this.pruneHistory.execute();
      if (pruned.buckets + pruned.attempts + pruned.routes > 0) this.logger.info(pruned, 'pruned history');
    } catch (error) {
      this.logger.error({ err: error }, 'sweep failed; next run as scheduled');
    }
  }
}
