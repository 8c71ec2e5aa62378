import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst of one second’s worth, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(10, 0);
    for (let i = 0; i < 10; i++) expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(100)).toBe(0);
    expect(bucket.take(100)).toBe(100);
  });

  it('refills no further than its capacity and follows a changed rate', () => {
    const bucket = new TokenBucket(2, 0);
    bucket.take(0);
    bucket.take(0);
    expect(bucket.take(60_000)).toBe(0);
    expect(bucket.take(60_000)).toBe(0);
    expect(bucket.take(60_000)).toBeGreaterThan(0);
    bucket.setRate(1);
    expect(bucket.take(60_000)).toBe(1_000);
  });
});
