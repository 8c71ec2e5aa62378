import { createHash } from 'node:crypto';
import type { IngestEvent } from '@hookline/contracts';

export type EndpointOperationalAction =
  'created' | 'updated' | 'deleted' | 'enabled' | 'disabled' | 'failing' | 'recovered';

/** What an operational event says about the endpoint: its settings, never its secrets or header values. */
export interface EndpointSnapshot {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  eventTypes: string[];
  entityTypes: string[];
  headers: Record<string, string>;
  rateLimitPerSecond: number | null;
  enabled: boolean;
  disabledReason: string | null;
  version: number;
}

export interface OperationalEventInput {
  action: EndpointOperationalAction;
  endpoint: EndpointSnapshot;
  occurredAt: Date;
  /**
   * What makes this occurrence unique and repeatable: the endpoint version the change produced, or a digest
   * of the health decision behind a notice. The event id is derived from it, so an outbox batch published
   * twice (or a decision applied twice) is one event to the producer's dedupe.
   */
  occurrence: string;
  details?: Record<string, unknown>;
}

export const OPERATIONAL_EVENT_SOURCE = '/hookline/subscription';

/** `endpoint.<action>` in the ingest format, for the producer to turn into an ordinary tenant event. */
export function endpointOperationalEvent(input: OperationalEventInput): IngestEvent {
  const { action, endpoint } = input;
  return {
    id: `endpoint.${action}:${endpoint.id}:${input.occurrence}`,
    source: OPERATIONAL_EVENT_SOURCE,
    type: `endpoint.${action}`,
    subject: endpoint.id,
    tenant: endpoint.tenantId,
    time: input.occurredAt.toISOString(),
    data: {
      endpointId: endpoint.id,
      url: endpoint.url,
      description: endpoint.description,
      eventTypes: endpoint.eventTypes,
      entityTypes: endpoint.entityTypes,
      headerNames: Object.keys(endpoint.headers),
      rateLimitPerSecond: endpoint.rateLimitPerSecond,
      enabled: endpoint.enabled,
      disabledReason: endpoint.disabledReason,
      version: endpoint.version,
      ...input.details,
    },
  };
}

/** A short, id-safe digest of a health decision id (those are the health service's to format). */
export function decisionOccurrence(decisionId: string): string {
  return createHash('sha256').update(decisionId).digest('hex').slice(0, 20);
}
