import { enforceRequestRate, quotaRefusal, rateLimitRefusal, RefusalException } from './refusal';
import { quotaWindow } from './quota-window';
import { RequestRateLimiter } from './request-rate-limiter';

describe('refusals', () => {
  const now = new Date('2026-12-01T10:00:17.250Z');

  it('answers a count quota with 409 QUOTA_EXCEEDED naming the quota, its limit and its usage', () => {
    expect(quotaRefusal({ name: 'endpoints', limit: 3, usage: 3 }, now)).toEqual({
      status: 409,
      headers: {},
      body: {
        statusCode: 409,
        code: 'QUOTA_EXCEEDED',
        message: 'quota endpoints reached: 3 of 3 in use',
        quota: { name: 'endpoints', limit: 3, usage: 3 },
      },
    });
  });

  it('answers a per-minute quota with 429 and Retry-After until the next window', () => {
    const { resetsAt } = quotaWindow(now);
    const refusal = quotaRefusal({ name: 'testEventsPerMinute', limit: 5, usage: 5, resetsAt }, now);
    expect(refusal.status).toBe(429);
    expect(refusal.headers).toEqual({ 'Retry-After': '43' });
    expect(refusal.body).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      quota: { name: 'testEventsPerMinute', limit: 5, usage: 5, resetsAt: '2026-12-01T10:01:00.000Z' },
      retryAfterSeconds: 43,
    });
  });

  it('answers a request rate limit with 429 RATE_LIMITED, never Retry-After: 0', () => {
    const refusal = rateLimitRefusal('API key', { perSecond: 50, burst: 100 }, 20);
    expect(refusal).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { code: 'RATE_LIMITED', rateLimit: { perSecond: 50, burst: 100 }, retryAfterSeconds: 1 },
    });
  });

  it('throws the refusal once the principal has used its burst', () => {
    const limiter = new RequestRateLimiter({ perSecond: 1, burst: 2, maxPrincipals: 10, now: () => 0 });
    enforceRequestRate(limiter, 'API key', 'k');
    enforceRequestRate(limiter, 'API key', 'k');
    try {
      enforceRequestRate(limiter, 'API key', 'k');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toBeInstanceOf(RefusalException);
      expect((error as RefusalException).getStatus()).toBe(429);
      expect((error as RefusalException).refusal.headers['Retry-After']).toBe('1');
    }
  });
});

describe('quotaWindow', () => {
  it('starts at the whole minute and resets at the next', () => {
    expect(quotaWindow(new Date('2026-12-01T10:00:59.999Z'))).toEqual({
      start: new Date('2026-12-01T10:00:00.000Z'),
      resetsAt: new Date('2026-12-01T10:01:00.000Z'),
    });
  });
});
