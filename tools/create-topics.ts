/**
 * Creates every Hookline topic that does not exist yet (services do the same at start unless
 * KAFKA_CREATE_TOPICS=false). Partitions: KAFKA_PARTITIONS; replication: KAFKA_REPLICATION_FACTOR.
 * Delivery's retry-tier topics follow DELIVERY_RETRY_SCHEDULE (delivery's default when unset), so give this
 * job the same schedule as the delivery service.
 */
import pino from 'pino';
import { loadEnv, serviceBaseConfig } from '@hookline/config';
import { createKafkaClient, ensureTopics, hooklineTopicSpecs, withMaxMessageBytes } from '@hookline/kafka';
import { retryTierTopicSpecsForSchedule } from '../apps/delivery/src/config/retry-tier-topic-names';
import { healthTopicSpecs } from '../apps/health/src/config/health-topics';
import { CreateTopicsEnv } from './create-topics-env';

async function createTopics(): Promise<void> {
  const env = loadEnv(CreateTopicsEnv);
  const config = serviceBaseConfig(env, 'topics');
  const logger = pino({ level: 'warn' });
  const kafka = createKafkaClient(config.kafka, logger);
  const specs = withMaxMessageBytes(
    [
      ...hooklineTopicSpecs(config.topics, config.topicProvisioning),
      ...healthTopicSpecs(config.kafka.namespace, config.topicProvisioning),
      ...retryTierTopicSpecsForSchedule(
        env.DELIVERY_RETRY_SCHEDULE,
        config.kafka.namespace,
        config.topicProvisioning,
      ),
    ],
    config.topicProvisioning.maxMessageBytes,
  );
  const created = await ensureTopics(kafka, specs, logger);
  console.log(`topics: ${created.length} created, ${specs.length - created.length} already present`);
}

createTopics().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
