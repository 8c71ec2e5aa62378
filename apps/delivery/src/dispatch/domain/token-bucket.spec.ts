import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst of 50 ms worth, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(100, 0);
    for (let i = 0; i < 5; i++) expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBeUndefined();
    expect(bucket.take(10)).toBe(0);
    expect(bucket.take(10)).toBeUndefined();
  });

  it('reserves future tokens for waiters, each its own, up to the longest wait', () => {
    const bucket = new TokenBucket(10, 0);
    expect(bucket.take(0, 1_000)).toBe(0);
    expect(bucket.take(0, 1_000)).toBe(100);
    expect(bucket.take(0, 1_000)).toBe(200);
    expect(bucket.take(0, 250)).toBeUndefined();
    expect(bucket.waitMs(0)).toBe(300);
    bucket.giveBack();
    expect(bucket.take(0, 1_000)).toBe(200);
  });

  it('never grants more than rate + burst in any second, however many callers ask', () => {
    const rate = 50;
    const bucket = new TokenBucket(rate, 0);
    const grants: number[] = [];
    for (let now = 0; now < 10_000; now += 7) {
      for (let caller = 0; caller < 20; caller++) {
        const wait = bucket.take(now, 1_000);
        if (wait !== undefined) grants.push(now + wait);
      }
    }
    for (let start = 0; start < 9_000; start += 10) {
      const inWindow = grants.filter((at) => at >= start && at < start + 1_000).length;
      expect(inWindow).toBeLessThanOrEqual(rate * 1.05 + 1);
    }
  });

  it('refills no further than its capacity and follows a changed rate', () => {
    const bucket = new TokenBucket(2, 0);
    expect(bucket.take(60_000)).toBe(0);
    expect(bucket.take(60_000)).toBeUndefined();
    bucket.setRate(1);
    expect(bucket.waitMs(60_000)).toBe(1_000);
  });
});
