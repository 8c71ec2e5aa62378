import type { DeliveryOutcome, EndpointRecord, EventRoutingRecord } from '@hookline/contracts';

/** Test data for the health service's specs: real contract shapes with overridable fields. */
export function outcomeOf(overrides: Partial<DeliveryOutcome> = {}): DeliveryOutcome {
  const result = overrides.result ?? 'succeeded';
  const failed = result === 'failed';
  return {
    eventId: 'evt_1',
    eventType: 'customer.created',
    endpointId: 'ep_1',
    tenantId: 't1',
    webhookId: 'msg_1',
    attempt: 1,
    startedAt: '2026-11-23T10:00:00.000Z',
    durationMs: 42,
    result,
    statusCode: failed ? 503 : 200,
    errorClass: failed ? 'http_status' : null,
    errorMessage: failed ? 'endpoint answered 503' : null,
    responseBody: null,
    nextAttemptAt: null,
    exhausted: false,
    ...overrides,
  };
}

/** `count` outcomes of one endpoint, a minute apart from `from`. */
export function outcomeSeries(
  count: number,
  result: 'succeeded' | 'failed',
  from: string,
  overrides: Partial<DeliveryOutcome> = {},
): DeliveryOutcome[] {
  return Array.from({ length: count }, (_, i) =>
    outcomeOf({
      result,
      eventId: `evt_${result}_${Date.parse(from) + i}`,
      startedAt: new Date(Date.parse(from) + i * 60_000).toISOString(),
      ...overrides,
    }),
  );
}

export function endpointRecordOf(overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    kind: 'endpoint',
    id: 'ep_1',
    tenantId: 't1',
    url: 'https://example.com/hooks',
    description: '',
    eventTypes: ['*'],
    entityTypes: [],
    headers: {},
    rateLimitPerSecond: null,
    enabled: true,
    disabledReason: null,
    secrets: [],
    version: 1,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function routingRecordOf(overrides: Partial<EventRoutingRecord> = {}): EventRoutingRecord {
  return {
    eventId: 'evt_1',
    tenantId: 't1',
    eventType: 'customer.created',
    subject: 'cus_1',
    routedAt: '2026-11-23T10:00:00.000Z',
    tenantKnown: true,
    matched: [],
    skipped: [],
    ...overrides,
  };
}
