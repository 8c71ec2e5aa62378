import { loadDeliveryConfig } from './delivery.config';
import {
  retryTierTopicNames,
  retryTierTopicSpecsForSchedule,
  retryTierTopicSpecsOf,
} from './retry-tier-topic-names';
import { retryTierTopicSpecs } from '../dispatch/retry-tier-topics';

describe('retryTierTopicNames', () => {
  it('lists the default schedule’s tiers, with the immediate lane and each repeated delay once', () => {
    expect(retryTierTopicNames()).toEqual(
      ['0s', '5s', '5m', '30m', '2h', '5h', '10h'].map((tier) => `hookline.deliveries.retry.${tier}`),
    );
  });

  it('prefixes the namespace and names sub-second tiers in ms', () => {
    expect(retryTierTopicNames('0,500ms,1s', 'ci-7.')).toEqual([
      'ci-7.hookline.deliveries.retry.0s',
      'ci-7.hookline.deliveries.retry.500ms',
      'ci-7.hookline.deliveries.retry.1s',
    ]);
  });

  it('refuses a schedule the service would refuse', () => {
    expect(() => retryTierTopicNames('5s,5m')).toThrow('must start with 0');
    expect(() => retryTierTopicNames('0,soon')).toThrow('"soon" is not a duration');
  });

  it('names exactly the topics the service provisions for the same schedule', () => {
    const config = loadDeliveryConfig({
      SECRET_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      DELIVERY_RETRY_SCHEDULE: '0,1s,1m,1h',
      KAFKA_TOPIC_NAMESPACE: 'ns.',
    });
    const provisioned = retryTierTopicSpecs(config).map((spec) => spec.topic);
    expect(retryTierTopicNames('0,1s,1m,1h', 'ns.')).toEqual(provisioned);
    expect(
      retryTierTopicSpecsForSchedule('0,1s,1m,1h', 'ns.', {
        partitions: config.topicProvisioning.partitions,
        replicationFactor: config.topicProvisioning.replicationFactor,
      }),
    ).toEqual(retryTierTopicSpecs(config));
    expect(retryTierTopicSpecsOf([0, 1_000], 'ns.', { partitions: 3, replicationFactor: 1 })).toEqual(
      retryTierTopicSpecs({ ...config, retryTiers: [0, 1_000] }).map((spec) => ({ ...spec, partitions: 3 })),
    );
  });
});
