import { RequestRateLimiter } from './request-rate-limiter';

function limiterAt(start = 0, options = { perSecond: 10, burst: 20, maxPrincipals: 100 }) {
  const clock = { now: start };
  const limiter = new RequestRateLimiter({ ...options, now: () => clock.now });
  return { limiter, clock };
}

function takeMany(limiter: RequestRateLimiter, principal: string, count: number): number {
  let allowed = 0;
  for (let i = 0; i < count; i += 1) if (limiter.take(principal).allowed) allowed += 1;
  return allowed;
}

describe('RequestRateLimiter', () => {
  it('lets a burst through at once, then refuses with the time until the next token', () => {
    const { limiter } = limiterAt();
    expect(takeMany(limiter, 'key-a', 20)).toBe(20);
    expect(limiter.take('key-a')).toEqual({ allowed: false, retryAfterMs: 100 });
  });

  it('refills at the sustained rate, and a refused request takes nothing', () => {
    const { limiter, clock } = limiterAt();
    takeMany(limiter, 'key-a', 20);
    for (let i = 0; i < 5; i += 1) expect(limiter.take('key-a').allowed).toBe(false);
    clock.now += 100;
    expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a').allowed).toBe(false);
    clock.now += 1_000;
    expect(takeMany(limiter, 'key-a', 50)).toBe(10);
  });

  it('never holds more than a burst, however long the principal was idle', () => {
    const { limiter, clock } = limiterAt();
    limiter.take('key-a');
    clock.now += 3_600_000;
    expect(takeMany(limiter, 'key-a', 100)).toBe(20);
  });

  it('keeps one bucket per principal: one key at its limit does not slow another', () => {
    const { limiter } = limiterAt();
    expect(takeMany(limiter, 'key-a', 100)).toBe(20);
    expect(takeMany(limiter, 'key-b', 20)).toBe(20);
  });

  it('tracks at most maxPrincipals buckets, whatever number of keys arrives', () => {
    const { limiter } = limiterAt(0, { perSecond: 1, burst: 1, maxPrincipals: 100 });
    for (let i = 0; i < 100_000; i += 1) limiter.take(`key-${i}`);
    expect(limiter.size).toBe(100);
  });

  it('forgets the least recently seen principal first, so a busy one keeps its (empty) bucket', () => {
    const { limiter } = limiterAt(0, { perSecond: 1, burst: 1, maxPrincipals: 3 });
    expect(limiter.take('busy').allowed).toBe(true);
    for (let i = 0; i < 10; i += 1) {
      limiter.take(`stranger-${i}`);
      expect(limiter.take('busy').allowed).toBe(false);
    }
  });

  it('refuses a limit that would let nothing through', () => {
    expect(() => new RequestRateLimiter({ perSecond: 0, burst: 1, maxPrincipals: 1 })).toThrow('perSecond');
    expect(() => new RequestRateLimiter({ perSecond: 1, burst: 0, maxPrincipals: 1 })).toThrow('burst');
  });
});
