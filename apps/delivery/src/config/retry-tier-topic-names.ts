import { topicNames } from '@hookline/contracts';
import type { TopicSpec } from '@hookline/kafka';
import { parseRetrySchedule, retryTiers, tierName } from '../dispatch/domain/retry-schedule';

/** `DELIVERY_RETRY_SCHEDULE`'s default: Svix's schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
export const DEFAULT_RETRY_SCHEDULE = '0,5s,5m,30m,2h,5h,10h,10h';

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The retry-tier topics a `DELIVERY_RETRY_SCHEDULE` needs (`0,5s,5m` → `hookline.deliveries.retry.0s`,
 * `…retry.5s`, `…retry.5m`), without loading the rest of the delivery configuration: for tools that
 * provision topics ahead of the services. Throws, with the reason, when the schedule is not valid.
 */
export function retryTierTopicNames(schedule: string = DEFAULT_RETRY_SCHEDULE, namespace = ''): string[] {
  const tiers = retryTiers({ delaysMs: parseRetrySchedule(schedule) });
  const topics = topicNames(namespace);
  return tiers.map((tier) => topics.retry(tierName(tier)));
}

/** The same topics as `retryTierTopicNames`, as specs for `ensureTopics` (what delivery creates at start). */
export function retryTierTopicSpecsForSchedule(
  schedule: string,
  namespace: string,
  layout: { partitions: number; replicationFactor: number },
): TopicSpec[] {
  return retryTierTopicSpecsOf(retryTiers({ delaysMs: parseRetrySchedule(schedule) }), namespace, layout);
}

/** The tier topics of the given tier delays (ms), as delivery provisions them at start. */
export function retryTierTopicSpecsOf(
  tiersMs: readonly number[],
  namespace: string,
  layout: { partitions: number; replicationFactor: number },
): TopicSpec[] {
  const topics = topicNames(namespace);
  const longest = Math.max(...tiersMs);
  return tiersMs.map((tier) => ({
    topic: topics.retry(tierName(tier)),
    partitions: layout.partitions,
    replicationFactor: layout.replicationFactor,
    configs: {
      'min.insync.replicas': String(Math.min(2, layout.replicationFactor)),
      // A task waits at most its tier's delay; keep a week beyond the longest, for slow recovery.
      'retention.ms': String(longest + WEEK_MS),
    },
  }));
}
