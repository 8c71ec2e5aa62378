import { ConfigError } from '@hookline/config';
import { loadDeliveryConfig } from './delivery.config';

const required = { SECRET_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` };

describe('loadDeliveryConfig', () => {
  it('defaults to the Svix-like schedule, a 15 s timeout, 4 KiB bodies and no loopback', () => {
    const config = loadDeliveryConfig(required);
    expect(config.retry.delaysMs).toHaveLength(8);
    expect(config.retryTiers).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
    expect(config.egress).toMatchObject({
      timeoutMs: 15_000,
      responseBodyLimit: 4_096,
      allowLoopback: false,
    });
    expect(config.egress.userAgent).toMatch(/^Hookline-Webhooks\/\d+\.\d+\.\d+ /);
  });

  it('takes a compressed schedule from the environment (how tests run retries in seconds)', () => {
    const config = loadDeliveryConfig({
      ...required,
      DELIVERY_RETRY_SCHEDULE: '0,1s,2s',
      DELIVERY_RETRY_JITTER: '0',
    });
    expect(config.retry).toMatchObject({ delaysMs: [0, 1_000, 2_000], jitter: 0 });
    expect(config.topics.retry('1s')).toBe('hookline.deliveries.retry.1s');
  });

  it('names a bad schedule and a bad Retry-After bound', () => {
    expect(() =>
      loadDeliveryConfig({ ...required, DELIVERY_RETRY_SCHEDULE: '5s', DELIVERY_RETRY_AFTER_MAX: 'later' }),
    ).toThrow(ConfigError);
    try {
      loadDeliveryConfig({ ...required, DELIVERY_RETRY_SCHEDULE: '5s', DELIVERY_RETRY_AFTER_MAX: 'later' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        expect.stringContaining('DELIVERY_RETRY_SCHEDULE'),
        expect.stringContaining('DELIVERY_RETRY_AFTER_MAX'),
      ]);
    }
  });
});
