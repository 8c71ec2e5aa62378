import { endpointRecordOf, outcomeOf, outcomeSeries } from '../../../test/factories';
import { applyOutcome, type EndpointHealth } from '../../projection/domain/endpoint-health-state';
import { applyEndpointRecord } from '../../projection/domain/endpoint-registry';
import { describeDuration, isGone, retirementDue } from './retirement-policy';

const DAY = 86_400_000;
const rules = { disableAfterMs: 5 * DAY, disableOnGone: true, sweepHorizonMs: 365 * DAY };
const registered = (createdAt = '2026-01-01T00:00:00.000Z') =>
  applyEndpointRecord(undefined, endpointRecordOf({ createdAt, updatedAt: createdAt }), 5);
const fold = (start: EndpointHealth, outcomes: ReturnType<typeof outcomeOf>[]) =>
  outcomes.reduce((health, outcome) => applyOutcome(health, outcome, 5), start);

describe('retirementDue', () => {
  const failing = fold(registered(), [
    outcomeOf({ startedAt: '2026-11-01T00:00:00Z' }),
    ...outcomeSeries(6, 'failed', '2026-11-10T00:00:00Z'),
  ]);

  it('retires a failing endpoint once it has had no success for disableAfter since its failures began', () => {
    expect(retirementDue(failing, rules, new Date('2026-11-14T23:59:00Z'))).toBeUndefined();
    expect(retirementDue(failing, rules, new Date('2026-11-15T00:00:00Z'))).toMatchObject({
      cause: 'no_success_while_failing',
      reason: expect.stringContaining(
        '6 consecutive failed attempts since 2026-11-10T00:00:00.000Z',
      ) as string,
    });
  });

  it('does not retire a degraded endpoint however long ago its failures began', () => {
    const degraded = fold(registered(), outcomeSeries(2, 'failed', '2026-11-10T00:00:00Z'));
    expect(retirementDue(degraded, rules, new Date('2026-12-31T00:00:00Z'))).toBeUndefined();
  });

  it('retires an endpoint with no success since the horizon, and one that never had an attempt', () => {
    const silent = fold(registered('2025-01-01T00:00:00.000Z'), [
      outcomeOf({ startedAt: '2025-06-01T00:00:00Z' }),
    ]);
    expect(retirementDue(silent, rules, new Date('2026-05-31T00:00:00Z'))).toBeUndefined();
    expect(retirementDue(silent, rules, new Date('2026-06-01T00:00:00Z'))).toMatchObject({
      cause: 'no_success_since_horizon',
      reason: expect.stringContaining('no successful delivery since 2025-06-01') as string,
    });
    const neverUsed = registered('2025-01-01T00:00:00.000Z');
    expect(retirementDue(neverUsed, rules, new Date('2026-01-02T00:00:00Z'))?.reason).toContain(
      'never delivered successfully',
    );
  });

  it('counts the horizon from a re-enable, not from an old success', () => {
    const reenabled = {
      ...registered('2024-01-01T00:00:00.000Z'),
      failuresResetAt: new Date('2026-03-01T00:00:00Z'),
    };
    expect(retirementDue(reenabled, rules, new Date('2026-06-01T00:00:00Z'))).toBeUndefined();
  });

  it('never retires an endpoint that is disabled, deleted or already retired', () => {
    const now = new Date('2027-06-01T00:00:00Z');
    expect(retirementDue({ ...failing, enabled: false, state: 'disabled' }, rules, now)).toBeUndefined();
    expect(retirementDue({ ...failing, deleted: true }, rules, now)).toBeUndefined();
    expect(
      retirementDue({ ...failing, retiredAt: new Date(), state: 'disabled' }, rules, now),
    ).toBeUndefined();
  });
});

describe('isGone', () => {
  it('recognises 410 by status or by the delivery error class', () => {
    expect(isGone({ statusCode: 410, errorClass: 'http_status' })).toBe(true);
    expect(isGone({ statusCode: null, errorClass: 'gone' })).toBe(true);
    expect(isGone({ statusCode: 404, errorClass: 'http_status' })).toBe(false);
  });
});

describe('describeDuration', () => {
  it.each([
    [5 * DAY, '5d'],
    [DAY + 3 * 3_600_000 + 60_000, '1d 3h'],
    [45_000, '45s'],
    [12, '12ms'],
  ])('%p ms reads %p', (ms, text) => expect(describeDuration(ms)).toBe(text));
});
