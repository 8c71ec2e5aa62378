import { endpointRecordOf, outcomeSeries } from '../../../test/factories';
import { applyOutcome, type EndpointHealth } from './endpoint-health-state';
import { applyEndpointRecord, isReenabled, markEndpointDeleted } from './endpoint-registry';

const FAILING_AFTER = 5;

function failingEndpoint(): EndpointHealth {
  return outcomeSeries(6, 'failed', '2026-11-20T10:00:00Z').reduce<EndpointHealth>(
    (health, outcome) => applyOutcome(health, outcome, FAILING_AFTER),
    applyEndpointRecord(undefined, endpointRecordOf(), FAILING_AFTER),
  );
}

describe('applyEndpointRecord', () => {
  it('creates health for an endpoint that never had an attempt, with its creation time', () => {
    const health = applyEndpointRecord(undefined, endpointRecordOf(), FAILING_AFTER);
    expect(health).toMatchObject({
      state: 'healthy',
      enabled: true,
      endpointCreatedAt: new Date('2026-11-01T00:00:00Z'),
      lastAttemptAt: null,
    });
  });

  it('moves any state → disabled when the tenant disables the endpoint, keeping its reason', () => {
    const disabled = applyEndpointRecord(
      failingEndpoint(),
      endpointRecordOf({ enabled: false, disabledReason: 'maintenance', version: 2 }),
      FAILING_AFTER,
    );
    expect(disabled).toMatchObject({
      state: 'disabled',
      disabledReason: 'maintenance',
      consecutiveFailures: 6,
    });
  });

  it('moves disabled → healthy on re-enable and resets the failure state from the re-enable time', () => {
    const disabled = applyEndpointRecord(
      { ...failingEndpoint(), retiredAt: new Date('2026-11-25T10:00:00Z'), retiredReason: 'zombie' },
      endpointRecordOf({ enabled: false, disabledReason: 'zombie', version: 2 }),
      FAILING_AFTER,
    );
    const enabled = applyEndpointRecord(
      disabled,
      endpointRecordOf({ enabled: true, version: 3, updatedAt: '2026-11-26T09:00:00.000Z' }),
      FAILING_AFTER,
    );
    expect(isReenabled(disabled, enabled)).toBe(true);
    expect(enabled).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
      failureStreakStartedAt: null,
      failuresResetAt: new Date('2026-11-26T09:00:00Z'),
      retiredAt: null,
      retiredReason: null,
      disabledReason: null,
      attemptsTotal: 6,
    });
  });

  it('does not reset a failing endpoint whose record changes while it stays enabled', () => {
    const updated = applyEndpointRecord(
      failingEndpoint(),
      endpointRecordOf({ description: 'new', version: 2 }),
      FAILING_AFTER,
    );
    expect(updated).toMatchObject({ state: 'failing', consecutiveFailures: 6, failuresResetAt: null });
  });

  it('keeps a deleted endpoint history but flags it', () => {
    expect(markEndpointDeleted(failingEndpoint())).toMatchObject({ deleted: true, attemptsTotal: 6 });
  });
});
