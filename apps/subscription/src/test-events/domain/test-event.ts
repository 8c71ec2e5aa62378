import type { HooklineEvent } from '@hookline/contracts';

export interface TestEventInput {
  eventId: string;
  tenantId: string;
  endpointId: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
  now: Date;
}

export const TEST_EVENT_SOURCE = '/hookline/subscription/test';

/**
 * A canonical event that delivery sends to exactly one endpoint (`targetendpointid`), whatever its filters:
 * the real delivery path, signing and attempt log, without the tenant's other endpoints hearing of it.
 */
export function testEvent(input: TestEventInput): HooklineEvent {
  return {
    specversion: '1.0',
    id: input.eventId,
    source: TEST_EVENT_SOURCE,
    type: input.type,
    subject: input.subject,
    time: input.now.toISOString(),
    tenantid: input.tenantId,
    datacontenttype: 'application/json',
    data: input.data,
    targetendpointid: input.endpointId,
  };
}

/** Where the delivery service lists this event's attempts at this endpoint. */
export function attemptsLink(deliveryPublicUrl: string, eventId: string, endpointId: string): string {
  const query = new URLSearchParams({ eventId, endpointId });
  return `${deliveryPublicUrl}/v1/attempts?${query.toString()}`;
}
