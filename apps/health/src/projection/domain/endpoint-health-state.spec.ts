import { outcomeOf, outcomeSeries } from '../../../test/factories';
import { applyOutcome, newEndpointHealth, stateOf, type EndpointHealth } from './endpoint-health-state';

const FAILING_AFTER = 5;
const fold = (outcomes: ReturnType<typeof outcomeOf>[], start?: EndpointHealth) =>
  outcomes.reduce<EndpointHealth | undefined>(
    (health, next) => applyOutcome(health, next, FAILING_AFTER),
    start,
  );

describe('applyOutcome', () => {
  it('records lastSuccessAt and resets the failure streak on success (degraded → healthy)', () => {
    const health = fold([
      outcomeOf({ result: 'failed', startedAt: '2026-11-23T10:00:00Z' }),
      outcomeOf({ result: 'succeeded', startedAt: '2026-11-23T10:01:00Z' }),
    ]);
    expect(health).toMatchObject({
      state: 'healthy',
      lastSuccessAt: new Date('2026-11-23T10:01:00Z'),
      lastFailureAt: new Date('2026-11-23T10:00:00Z'),
      consecutiveFailures: 0,
      failureStreakStartedAt: null,
      attemptsTotal: 2,
      successesTotal: 1,
      lastStatus: 200,
      lastError: null,
    });
  });

  it('goes healthy → degraded on the first failure and degraded → failing at the configured streak', () => {
    const failures = outcomeSeries(FAILING_AFTER, 'failed', '2026-11-23T10:00:00Z');
    expect(fold(failures.slice(0, 1))?.state).toBe('degraded');
    expect(fold(failures.slice(0, FAILING_AFTER - 1))?.state).toBe('degraded');
    expect(fold(failures)).toMatchObject({
      state: 'failing',
      consecutiveFailures: 5,
      lastStatus: 503,
      lastError: 'endpoint answered 503',
      lastErrorClass: 'http_status',
      failureStreakStartedAt: new Date('2026-11-23T10:00:00Z'),
    });
  });

  it('goes failing → healthy on a success', () => {
    const failing = fold(outcomeSeries(6, 'failed', '2026-11-23T10:00:00Z'));
    expect(fold([outcomeOf({ startedAt: '2026-11-23T11:00:00Z' })], failing)).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
    });
  });

  it('stays disabled whatever the outcomes say, while still counting them', () => {
    const disabled = { ...newEndpointHealth('ep_1', 't1'), enabled: false, state: 'disabled' as const };
    const health = fold([outcomeOf(), ...outcomeSeries(7, 'failed', '2026-11-23T10:00:00Z')], disabled);
    expect(health).toMatchObject({ state: 'disabled', attemptsTotal: 8, consecutiveFailures: 7 });
  });

  it('never moves lastSuccessAt or the last status backwards when an older outcome arrives late', () => {
    const health = fold([
      outcomeOf({ startedAt: '2026-11-23T12:00:00Z' }),
      outcomeOf({ startedAt: '2026-11-23T11:00:00Z', result: 'failed', statusCode: 500 }),
    ]);
    expect(health?.lastSuccessAt).toEqual(new Date('2026-11-23T12:00:00Z'));
    expect(health?.lastStatus).toBe(200);
    expect(health?.lastFailureAt).toEqual(new Date('2026-11-23T11:00:00Z'));
  });

  it('does not count attempts that started before a re-enable against the new episode', () => {
    const reset = {
      ...newEndpointHealth('ep_1', 't1'),
      failuresResetAt: new Date('2026-11-23T10:00:00Z'),
    };
    const health = fold([outcomeOf({ result: 'failed', startedAt: '2026-11-23T09:59:00Z' })], reset);
    expect(health).toMatchObject({ state: 'healthy', consecutiveFailures: 0, attemptsTotal: 1 });
  });

  it('describes a network failure by its class and message, capped in length', () => {
    const health = fold([
      outcomeOf({
        result: 'failed',
        statusCode: null,
        errorClass: 'timeout',
        errorMessage: 'x'.repeat(2_000),
      }),
    ]);
    expect(health?.lastErrorClass).toBe('timeout');
    expect(health?.lastError?.length).toBeLessThanOrEqual(501);
  });
});

describe('stateOf', () => {
  it('says disabled for a retired endpoint even while its record is still enabled', () => {
    const retired = { ...newEndpointHealth('ep_1', 't1'), retiredAt: new Date() };
    expect(stateOf(retired, FAILING_AFTER)).toBe('disabled');
  });
});

describe('outcomes delivery held back', () => {
  it('does not count a circuit-open short-circuit as an attempt against the endpoint', () => {
    const degraded = fold([outcomeOf({ result: 'failed', startedAt: '2026-11-23T10:00:00Z' })]);
    const after = fold(
      outcomeSeries(6, 'failed', '2026-11-23T10:01:00Z', { statusCode: null, errorClass: 'circuit_open' }),
      degraded,
    );
    expect(after).toEqual(degraded);
  });
});
