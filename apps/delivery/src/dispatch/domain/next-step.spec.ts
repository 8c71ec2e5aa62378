import type { AttemptResult } from './attempt-result';
import { nextStep } from './next-step';

const policy = { delaysMs: [0, 5_000, 300_000], jitter: 0, retryAfterMaxMs: 3_600_000 };
const tiers = [0, 5_000, 300_000];
const now = new Date('2026-11-23T10:00:00Z');
const retryable = (extra: Partial<AttemptResult> = {}): AttemptResult => ({
  kind: 'retryable',
  errorClass: 'http_status',
  statusCode: 503,
  message: '503',
  ...extra,
});

describe('nextStep', () => {
  it('is done after a success', () => {
    expect(
      nextStep({ result: { kind: 'succeeded', statusCode: 200 }, attemptMade: 1, policy, tiers, now }),
    ).toEqual({
      kind: 'done',
    });
  });

  it('retries a retryable failure after the scheduled delay, on that delay’s tier', () => {
    expect(nextStep({ result: retryable(), attemptMade: 1, policy, tiers, now })).toEqual({
      kind: 'retry',
      dueAt: new Date(now.getTime() + 5_000),
      tierMs: 5_000,
    });
  });

  it('dead-letters when the schedule is exhausted, saying after how many attempts', () => {
    expect(nextStep({ result: retryable(), attemptMade: 3, policy, tiers, now })).toEqual({
      kind: 'dead-letter',
      reason: 'retries exhausted after 3 attempts',
    });
  });

  it('dead-letters a permanent failure at once', () => {
    const result: AttemptResult = { kind: 'permanent', errorClass: 'gone', statusCode: 410, message: 'gone' };
    expect(nextStep({ result, attemptMade: 1, policy, tiers, now })).toMatchObject({
      kind: 'dead-letter',
      reason: expect.stringContaining('gone'),
    });
  });

  it('waits for Retry-After when it is longer than the schedule, capped at the configured maximum', () => {
    const later = nextStep({
      result: retryable({ retryAfterMs: 60_000 }),
      attemptMade: 1,
      policy,
      tiers,
      now,
    });
    expect(later).toMatchObject({ kind: 'retry', dueAt: new Date(now.getTime() + 60_000), tierMs: 300_000 });
    const capped = nextStep({
      result: retryable({ retryAfterMs: 86_400_000 }),
      attemptMade: 1,
      policy: { ...policy, retryAfterMaxMs: 120_000 },
      tiers,
      now,
    });
    expect(capped).toMatchObject({ dueAt: new Date(now.getTime() + 120_000) });
    const sooner = nextStep({
      result: retryable({ retryAfterMs: 1_000 }),
      attemptMade: 1,
      policy,
      tiers,
      now,
    });
    expect(sooner).toMatchObject({ dueAt: new Date(now.getTime() + 5_000) });
  });

  it('never schedules before an open circuit’s next probe', () => {
    const notBefore = new Date(now.getTime() + 30_000);
    expect(nextStep({ result: retryable(), attemptMade: 1, policy, tiers, now, notBefore })).toMatchObject({
      dueAt: notBefore,
      tierMs: 300_000,
    });
  });
});
