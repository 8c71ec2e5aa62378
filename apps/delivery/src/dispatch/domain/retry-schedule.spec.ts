import {
  delayAfterAttempt,
  parseDuration,
  parseRetrySchedule,
  retryTiers,
  tierFor,
  tierName,
} from './retry-schedule';

const DEFAULT = '0,5s,5m,30m,2h,5h,10h,10h';

describe('retry schedule', () => {
  it('parses the default schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(parseRetrySchedule(DEFAULT)).toEqual([
      0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it.each([
    ['5s,10s', /must start with 0/],
    ['0,5x', /not a duration/],
    ['0,8d', /7 days/],
    ['0,5', /not a duration/],
  ])('refuses %s', (text, reason) => {
    expect(() => parseRetrySchedule(text)).toThrow(reason);
  });

  it('reads durations in ms, s, m, h and d', () => {
    expect([parseDuration('0'), parseDuration('250ms'), parseDuration('2h'), parseDuration('1d')]).toEqual([
      0, 250, 7_200_000, 86_400_000,
    ]);
  });

  it('has one tier per distinct retry delay plus the 0s lane, named for its delay', () => {
    const tiers = retryTiers({ delaysMs: parseRetrySchedule(DEFAULT) });
    expect(tiers.map(tierName)).toEqual(['0s', '5s', '5m', '30m', '2h', '5h', '10h']);
    expect(tierName(1_500)).toBe('1500ms');
  });

  it('puts a wait in the shortest tier whose jittered delay covers it', () => {
    const tiers = [0, 5_000, 300_000];
    expect(tierFor(0, tiers, 0.1)).toBe(0);
    expect(tierFor(5_400, tiers, 0.1)).toBe(5_000);
    expect(tierFor(5_600, tiers, 0.1)).toBe(300_000);
    expect(tierFor(10_000_000, tiers, 0.1)).toBe(300_000);
  });

  it('jitters each delay within ±jitter and reports exhaustion after the last attempt', () => {
    const policy = { delaysMs: [0, 1_000, 2_000], jitter: 0.1, retryAfterMaxMs: 0 };
    expect(delayAfterAttempt(policy, 1, () => 0)).toBe(900);
    expect(delayAfterAttempt(policy, 1, () => 1)).toBe(1_100);
    expect(delayAfterAttempt(policy, 2, () => 0.5)).toBe(2_000);
    expect(delayAfterAttempt(policy, 3)).toBeUndefined();
  });
});
