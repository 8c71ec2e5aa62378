import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import { PurgeDedupeKeysUseCase } from './usecases/purge-dedupe-keys/purge-dedupe-keys.usecase';

/** Purges expired dedupe keys on an interval (every replica may; the deletes do not conflict). */
@Injectable()
export class DedupePurgeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly purge: PurgeDedupeKeysUseCase,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.purge
        .execute()
        .catch((error: unknown) => this.logger.error({ err: error }, 'dedupe purge failed'))
        .finally(() => (this.running = undefined));
    }, this.config.ingest.dedupePurgeIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
