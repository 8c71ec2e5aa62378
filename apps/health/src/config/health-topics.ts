import type { TopicSpec } from '@hookline/kafka';

/** Health's own dead-letter topic: invalid outcome and routing records, with the reason in their headers. */
export function healthDeadLetterTopic(namespace: string): string {
  return `${namespace}hookline.health.dlq.v1`;
}

/**
 * The topics only the health service uses, for its own provisioning and for `create-topics` (deployments
 * that provision topics in a job and run services with KAFKA_CREATE_TOPICS=false).
 */
export function healthTopicSpecs(namespace: string, layout: { replicationFactor: number }): TopicSpec[] {
  return [
    {
      topic: healthDeadLetterTopic(namespace),
      partitions: 1,
      replicationFactor: layout.replicationFactor,
      configs: { 'min.insync.replicas': String(Math.min(2, layout.replicationFactor)), 'retention.ms': '-1' },
    },
  ];
}
