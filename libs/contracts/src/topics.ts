/**
 * Every Kafka topic Hookline uses. A namespace prefix lets several installations (or test runs) share one
 * cluster without seeing each other's records.
 */
export const TOPIC_BASE_NAMES = {
  ingest: 'hookline.ingest.v1',
  ingestDeadLetter: 'hookline.ingest.dlq.v1',
  /**
   * Hookline's own operational notices (`endpoint.*`) on their way to the producer: only the subscription
   * service writes it (its own ACL), so reserved types arriving on the upstream ingest topic are refused.
   */
  operationalNotices: 'hookline.operational-notices.v1',
  /** Holds no records: exactly-once outbox relays commit their progress marker as group offsets on it. */
  outboxProgress: 'hookline.outbox-progress.v1',
  events: 'hookline.events.v1',
  subscriptions: 'hookline.subscriptions.v1',
  endpointHealth: 'hookline.endpoint-health.v1',
  /** Health decisions the subscription service could not apply (invalid, or failing after its retries). */
  endpointHealthDeadLetter: 'hookline.endpoint-health.dlq.v1',
  deliveryOutcomes: 'hookline.delivery-outcomes.v1',
  eventRouting: 'hookline.event-routing.v1',
  deliveriesDeadLetter: 'hookline.deliveries.dlq.v1',
  retryPrefix: 'hookline.deliveries.retry.',
} as const;

export type TopicRole = Exclude<keyof typeof TOPIC_BASE_NAMES, 'retryPrefix'>;

export type TopicNames = Record<TopicRole, string> & {
  /** `hookline.deliveries.retry.<tier>`, e.g. `retry.5m`. */
  retry(tier: string): string;
};

export function topicNames(namespace = ''): TopicNames {
  const names = {} as Record<TopicRole, string>;
  for (const [role, base] of Object.entries(TOPIC_BASE_NAMES)) {
    if (role !== 'retryPrefix') names[role as TopicRole] = `${namespace}${base}`;
  }
  return { ...names, retry: (tier) => `${namespace}${TOPIC_BASE_NAMES.retryPrefix}${tier}` };
}
