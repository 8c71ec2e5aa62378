import { DEFAULT_KAFKA_VERSION, kafkaVersionFromEnv } from './local-kafka';

describe('kafkaVersionFromEnv (LOCAL_KAFKA_VERSION)', () => {
  it('defaults to the supported default and takes any 3.x or 4.x release', () => {
    expect(kafkaVersionFromEnv(undefined)).toBe(DEFAULT_KAFKA_VERSION);
    expect(kafkaVersionFromEnv(' ')).toBe(DEFAULT_KAFKA_VERSION);
    expect(kafkaVersionFromEnv('3.9.1')).toBe('3.9.1');
    expect(kafkaVersionFromEnv('4.4.0')).toBe('4.4.0');
  });

  it.each(['2.8.2', '4.4', 'latest', '4.4.0; rm -rf /'])('refuses %s', (version) => {
    expect(() => kafkaVersionFromEnv(version)).toThrow(/LOCAL_KAFKA_VERSION/);
  });
});
