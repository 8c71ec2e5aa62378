import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@hookline/observability';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import {
  applyEndpointRecord,
  isReenabled,
  markEndpointDeleted,
  type EndpointRegistryRecord,
} from '../../domain/endpoint-registry';

/** The latest known record of an endpoint, or null once it was deleted. */
export type EndpointRegistryChange = { endpointId: string; record: EndpointRegistryRecord | null };

/**
 * Mirrors endpoints from the subscriptions topic into health: every endpoint gets a row (the sweep must see
 * endpoints that never had an attempt), its enabled state and reason, and a fresh episode when re-enabled.
 */
@Injectable()
export class SyncEndpointRegistryUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly store: HealthStore,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'endpoint-registry' });
  }

  async execute(changes: readonly EndpointRegistryChange[]): Promise<void> {
    const upserts = changes.flatMap((change) => (change.record === null ? [] : [change.record]));
    const deletions = changes.filter((change) => change.record === null).map((change) => change.endpointId);
    const failingAfter = this.config.policy.failingAfterFailures;
    await this.store.transaction(async (repositories) => {
      const current = await repositories.endpoints.lockOrCreate(
        upserts.map((record) => ({ endpointId: record.id, tenantId: record.tenantId })),
      );
      const updated = upserts.map((record) => {
        const before = current.get(record.id);
        const after = applyEndpointRecord(before, record, failingAfter);
        if (isReenabled(before, after)) {
          this.logger.info(
            { endpointId: record.id, tenantId: record.tenantId, resetAt: record.updatedAt },
            'endpoint re-enabled: failure state reset',
          );
        }
        return after;
      });
      const deleted = [...(await repositories.endpoints.lockExisting(deletions)).values()].map(
        markEndpointDeleted,
      );
      await repositories.endpoints.save([...updated, ...deleted]);
    });
  }
}
