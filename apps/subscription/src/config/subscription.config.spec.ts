import { randomBytes } from 'node:crypto';
import { ConfigError } from '@hookline/config';
import { DEFAULT_TENANT_QUOTAS } from '@hookline/contracts';
import { loadSubscriptionConfig } from './subscription.config';

const required = () => ({
  OPERATOR_TOKENS: 'operator-token-0123456789',
  SECRET_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
});

describe('loadSubscriptionConfig', () => {
  it('defaults to production-safe settings: https only, no loopback, a 24 h rotation overlap', () => {
    const config = loadSubscriptionConfig(required());
    expect(config.endpoints).toEqual({ allowHttp: false, allowLoopback: false, allowedPrivateRange: '' });
    expect(config.secretRotationOverlapSeconds).toBe(86_400);
    expect(config.verification.timeoutMs).toBe(10_000);
    expect(config.http.port).toBe(3002);
  });

  it('gives every tenant the documented quota defaults and a per-key request rate, each overridable', () => {
    expect(loadSubscriptionConfig(required()).quotaDefaults).toEqual(DEFAULT_TENANT_QUOTAS);
    expect(loadSubscriptionConfig(required()).apiKeyRateLimit).toEqual({
      perSecond: 50,
      burst: 100,
      maxPrincipals: 10_000,
    });
    const tuned = loadSubscriptionConfig({
      ...required(),
      TENANT_QUOTA_ENDPOINTS: '5',
      TENANT_QUOTA_RESENDS_PER_MINUTE: '7',
      API_KEY_RATE_PER_SECOND: '3',
    });
    expect(tuned.quotaDefaults).toMatchObject({ endpoints: 5, resendsPerMinute: 7 });
    expect(tuned.apiKeyRateLimit.perSecond).toBe(3);
    expect(() =>
      loadSubscriptionConfig({ ...required(), TENANT_QUOTA_LIVE_SECRETS_PER_ENDPOINT: '21' }),
    ).toThrow('TENANT_QUOTA_LIVE_SECRETS_PER_ENDPOINT');
  });

  it('reads the switches and trims the delivery link base', () => {
    const config = loadSubscriptionConfig({
      ...required(),
      ALLOW_HTTP_ENDPOINTS: 'true',
      ALLOW_LOOPBACK_ENDPOINTS: 'true',
      SECRET_ROTATION_OVERLAP_SECONDS: '3600',
      DELIVERY_PUBLIC_URL: 'https://delivery.example.com/',
    });
    expect(config.endpoints).toEqual({ allowHttp: true, allowLoopback: true, allowedPrivateRange: '' });
    expect(config.secretRotationOverlapSeconds).toBe(3600);
    expect(config.deliveryPublicUrl).toBe('https://delivery.example.com');
  });

  it('names every bad setting without echoing secrets', () => {
    let error: unknown;
    try {
      loadSubscriptionConfig({
        OPERATOR_TOKENS: 'short',
        SECRET_ENCRYPTION_KEYS: 'k1:not-a-32-byte-key',
        SECRET_ROTATION_OVERLAP_SECONDS: String(8 * 24 * 3600),
        DELIVERY_PUBLIC_URL: 'delivery',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'OPERATOR_TOKENS',
      'SECRET_ENCRYPTION_KEYS',
      'SECRET_ROTATION_OVERLAP_SECONDS',
      'DELIVERY_PUBLIC_URL',
    ]) {
      expect(problems).toContain(name);
    }
    expect(problems).not.toContain('not-a-32-byte-key');
  });
});
