import { topicNames } from '@hookline/contracts';

/** One Kafka principal per service, and one for the job that creates topics. */
export const KAFKA_PRINCIPALS = ['producer', 'subscription', 'delivery', 'health', 'topics'] as const;
export type KafkaPrincipal = (typeof KAFKA_PRINCIPALS)[number];

/** Kafka's ACL operations this table uses (READ and WRITE imply DESCRIBE in Kafka). */
export type KafkaAclOperation = 'Read' | 'Write' | 'Describe' | 'Create';

export interface KafkaAclGrant {
  resource: 'topic' | 'group' | 'transactional-id';
  pattern: 'literal' | 'prefixed';
  name: string;
  operation: KafkaAclOperation;
}

/**
 * What each principal needs, derived from the code (the topics each service's consumers and publishers name,
 * its group ids `<namespace>hookline.<service>.*`, the producer's transactional outbox relay) and enforced by
 * test/e2e/kafka-acls.e2e-spec.ts on a broker with the StandardAuthorizer: every service runs on exactly this,
 * and what it must not do is refused. docs/operations.md ("Kafka principals and ACLs") prints it as a table
 * and `npm run kafka-acls` as kafka-acls.sh commands.
 */
export function serviceAcls(namespace = ''): Record<KafkaPrincipal, KafkaAclGrant[]> {
  const topics = topicNames(namespace);
  const read = (...names: string[]) => names.map((name) => topic(name, 'Read'));
  const write = (...names: string[]) => names.map((name) => topic(name, 'Write'));
  const own = (service: string): KafkaAclGrant[] => [
    // Every consumer group, throwaway readers (`….reader.<uuid>`, `….replica.<host>…`) included.
    { resource: 'group', pattern: 'prefixed', name: `${namespace}hookline.${service}.`, operation: 'Read' },
  ];
  const deliveries = `${namespace}hookline.deliveries.`;
  return {
    producer: [
      // Upstream events, and Hookline's own notices (reserved types are accepted only from the latter).
      ...read(topics.ingest, topics.operationalNotices, topics.subscriptions, topics.outboxProgress),
      ...write(topics.events, topics.ingestDeadLetter),
      ...own('producer'),
      // The exactly-once outbox relay: transactional id `<namespace>hookline.producer.outbox-relay`.
      {
        resource: 'transactional-id',
        pattern: 'prefixed',
        name: `${namespace}hookline.producer.`,
        operation: 'Write',
      },
    ],
    subscription: [
      ...read(topics.subscriptions, topics.endpointHealth),
      // Only subscription writes the operational notices; it never writes the upstream ingest topic.
      ...write(
        topics.subscriptions,
        topics.operationalNotices,
        topics.events,
        topics.endpointHealthDeadLetter,
      ),
      ...own('subscription'),
    ],
    delivery: [
      ...read(topics.events, topics.subscriptions, topics.deliveryOutcomes),
      { resource: 'topic', pattern: 'prefixed', name: deliveries, operation: 'Read' },
      { resource: 'topic', pattern: 'prefixed', name: deliveries, operation: 'Write' },
      ...write(topics.deliveryOutcomes, topics.eventRouting),
      ...own('delivery'),
    ],
    health: [
      ...read(topics.deliveryOutcomes, topics.eventRouting, topics.subscriptions, topics.endpointHealth),
      // The event trace's dead letters ("dead-lettered: <reason>").
      ...read(topics.ingestDeadLetter, topics.deliveriesDeadLetter, `${namespace}hookline.health.dlq.v1`),
      ...write(topics.endpointHealth, `${namespace}hookline.health.dlq.v1`),
      ...own('health'),
    ],
    topics: [
      // Creates what is missing; Describe lists what exists.
      { resource: 'topic', pattern: 'prefixed', name: `${namespace}hookline.`, operation: 'Create' },
      { resource: 'topic', pattern: 'prefixed', name: `${namespace}hookline.`, operation: 'Describe' },
    ],
  };
}

function topic(name: string, operation: KafkaAclOperation): KafkaAclGrant {
  return { resource: 'topic', pattern: 'literal', name, operation };
}

/** The same grants as `kafka-acls.sh` commands, for an operator to run against a cluster. */
export function kafkaAclsCommands(
  namespace: string,
  usernames: Record<KafkaPrincipal, string>,
  bootstrap = '<bootstrap>',
): string[] {
  const acls = serviceAcls(namespace);
  const flag = { topic: '--topic', group: '--group', 'transactional-id': '--transactional-id' } as const;
  return KAFKA_PRINCIPALS.flatMap((principal) =>
    acls[principal].map(
      (grant) =>
        `kafka-acls.sh --bootstrap-server ${bootstrap} --command-config admin.properties --add ` +
        `--allow-principal User:${usernames[principal]} --operation ${grant.operation} ` +
        `${flag[grant.resource]} '${grant.name}' --resource-pattern-type ${grant.pattern}`,
    ),
  );
}
