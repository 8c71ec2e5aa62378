/**
 * Creates every Hookline topic that does not exist yet (services do the same at start unless
 * KAFKA_CREATE_TOPICS=false). Partitions: KAFKA_PARTITIONS; replication: KAFKA_REPLICATION_FACTOR.
 */
import pino from 'pino';
import { CommonEnv, loadEnv, serviceBaseConfig } from '@hookline/config';
import { createKafkaClient, ensureTopics, hooklineTopicSpecs } from '@hookline/kafka';
import { healthTopicSpecs } from '../apps/health/src/config/health-topics';

async function createTopics(): Promise<void> {
  const config = serviceBaseConfig(loadEnv(CommonEnv), 'topics');
  const logger = pino({ level: 'warn' });
  const kafka = createKafkaClient(config.kafka, logger);
  const specs = [
    ...hooklineTopicSpecs(config.topics, config.topicProvisioning),
    ...healthTopicSpecs(config.kafka.namespace, config.topicProvisioning),
  ];
  const created = await ensureTopics(kafka, specs, logger);
  console.log(`topics: ${created.length} created, ${specs.length - created.length} already present`);
}

createTopics().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
