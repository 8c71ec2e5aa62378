import { ConfigError } from '@hookline/config';
import { loadProducerConfig } from './producer.config';

const base = { INGEST_TOKENS: 'ingest_token_0123456789' };

describe('loadProducerConfig', () => {
  it('defaults to a 256 KiB event body, a 32 MiB streamed batch body, a 24 h dedupe window and no test pause', () => {
    const config = loadProducerConfig(base);
    expect(config.ingest).toMatchObject({
      bodyLimit: '256kb',
      batchBodyLimit: '32mb',
      dedupeWindowHours: 24,
      requireKnownTenant: true,
    });
    expect(config.outbox.testPause).toBeUndefined();
  });

  it("never lets an event's data be larger than its Kafka record can hold", () => {
    expect(loadProducerConfig(base).ingest.maxDataBytes).toBe(256 * 1_024);
    const small = loadProducerConfig({ ...base, KAFKA_MAX_MESSAGE_BYTES: '65536' });
    expect(small.ingest.maxDataBytes).toBe(65_536 - 16 * 1_024);
  });

  it('reads the test-only relay pause as point and milliseconds, and refuses any other spelling', () => {
    expect(
      loadProducerConfig({ ...base, OUTBOX_TEST_PAUSE: 'after-kafka-commit:5000' }).outbox.testPause,
    ).toEqual({
      point: 'after-kafka-commit',
      ms: 5000,
    });
    expect(() => loadProducerConfig({ ...base, OUTBOX_TEST_PAUSE: 'sometimes' })).toThrow(ConfigError);
  });

  it('requires an ingest token of at least 16 characters, without echoing it', () => {
    let error: unknown;
    try {
      loadProducerConfig({ INGEST_TOKENS: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('INGEST_TOKENS');
    expect((error as ConfigError).message).not.toContain('short');
  });

  it('refuses a misspelt boolean (KAFKA_SSL=ture) at boot, naming the setting', () => {
    expect(() => loadProducerConfig({ ...base, KAFKA_SSL: 'ture' })).toThrow(
      /KAFKA_SSL: must be true or false/,
    );
    expect(loadProducerConfig({ ...base, KAFKA_SSL: 'no' }).kafka.ssl).toBe(false);
  });

  it('reads platform-wide and tenant-bound ingest tokens', () => {
    const config = loadProducerConfig({
      INGEST_TOKENS: 'platform_token_0123456789,bound_token_0123456789@tenantA|tenant-b',
    });
    expect(config.ingest.tokens).toEqual([
      { token: 'platform_token_0123456789' },
      { token: 'bound_token_0123456789', tenants: ['tenantA', 'tenant-b'] },
    ]);
  });

  it.each([
    'bound_token_0123456789@',
    'bound_token_0123456789@a|',
    'short@tenantA',
    'x_token_0123456789@bad tenant',
  ])('refuses the malformed ingest token list %j without echoing it', (tokens) => {
    expect(() => loadProducerConfig({ INGEST_TOKENS: tokens })).toThrow(
      /INGEST_TOKENS: must be comma-separated/,
    );
    expect(() => loadProducerConfig({ INGEST_TOKENS: tokens })).not.toThrow(new RegExp(tokens.slice(0, 8)));
  });
});
