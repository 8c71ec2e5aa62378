import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { SubscriptionReplica, type EndpointChange } from '@hookline/subscription-state';
import {
  SyncEndpointRegistryUseCase,
  type EndpointRegistryChange,
} from './usecases/sync-endpoint-registry/sync-endpoint-registry.usecase';

const BATCH = 500;
const RETRY_MS = 1_000;

/**
 * Follows the subscription replica and writes endpoint changes to health in batches, off the replica's
 * consumer loop. Only the latest change per endpoint is kept while a write is in flight; a failed write is
 * retried, unless a newer change for that endpoint arrived meanwhile.
 */
@Injectable()
export class EndpointRegistryListener implements OnApplicationShutdown {
  private readonly pending = new Map<string, EndpointRegistryChange>();
  private flushing?: Promise<void>;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    @Inject(SubscriptionReplica) replica: SubscriptionReplica,
    private readonly sync: SyncEndpointRegistryUseCase,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'endpoint-registry' });
    replica.onEndpointChange((change) => this.enqueue(change));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.flushing;
  }

  private enqueue(change: EndpointChange): void {
    this.pending.set(change.endpointId, { endpointId: change.endpointId, record: change.after ?? null });
    this.kick();
  }

  private kick(): void {
    if (this.flushing !== undefined || this.stopped) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.pending.size > 0) this.kick();
    });
  }

  private async flush(): Promise<void> {
    // Let the replica finish applying its current batch first, so it is written as one transaction.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.size > 0 && !this.stopped) {
      const batch = [...this.pending.values()].slice(0, BATCH);
      for (const change of batch) this.pending.delete(change.endpointId);
      try {
        await this.sync.execute(batch);
      } catch (error) {
        this.logger.error(
          {
            err: error,
            endpointIds: batch.slice(0, 20).map((change) => change.endpointId),
            count: batch.length,
          },
          'writing endpoint changes failed; retrying',
        );
        for (const change of batch)
          if (!this.pending.has(change.endpointId)) this.pending.set(change.endpointId, change);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}
