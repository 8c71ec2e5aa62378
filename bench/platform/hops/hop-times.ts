/**
 * The per-hop breakdown's arithmetic, pure: from each delivery's timestamps (all epoch ms, from record
 * headers, record fields, the receiver and health's stored positions) to p50/p95/p99 per hop.
 */
import { percentile } from '../receiver/run-record';

/** One first attempt of one event at one endpoint, followed through the platform. */
export interface DeliveryTimes {
  /** envelope `time`: the producer accepted the event */
  accepted: number;
  /** `hookline-outbox-at` header of the events record: its outbox row was written */
  outboxWritten: number;
  /** the events record's Kafka timestamp: the relay produced it */
  published: number;
  /** `hookline-due-at` header of the outcome record: delivery took the event and made the task */
  handledByDelivery: number;
  /** the outcome's `startedAt`: the POST started */
  postStarted: number;
  /** the receiver's clock */
  received: number;
  /** first poll of health.applied_offsets that saw the outcome's offset applied (NaN when not seen) */
  projected: number;
}

export const HOPS = [
  ['accepted_to_outbox', 'accepted', 'outboxWritten'],
  ['outbox_to_published', 'outboxWritten', 'published'],
  ['published_to_delivery', 'published', 'handledByDelivery'],
  ['delivery_to_post', 'handledByDelivery', 'postStarted'],
  ['post_to_received', 'postStarted', 'received'],
  ['received_to_projected', 'received', 'projected'],
  ['accepted_to_received', 'accepted', 'received'],
  ['accepted_to_projected', 'accepted', 'projected'],
] as const satisfies ReadonlyArray<readonly [string, keyof DeliveryTimes, keyof DeliveryTimes]>;

export type HopName = (typeof HOPS)[number][0];

export interface HopSummary {
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export function summariseHops(deliveries: readonly DeliveryTimes[]): Record<HopName, HopSummary> {
  const result = {} as Record<HopName, HopSummary>;
  for (const [name, from, to] of HOPS) {
    const values = deliveries.map((d) => d[to] - d[from]).filter((value) => Number.isFinite(value));
    const sorted = Float64Array.from(values).sort();
    result[name] = {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      count: sorted.length,
    };
  }
  return result;
}

/**
 * When health had applied `offset`: the first poll (time, next offset) of the partition whose next offset is
 * past it. `polls` is in time order with non-decreasing offsets.
 */
export function projectedAt(polls: ReadonlyArray<{ at: number; next: bigint }>, offset: bigint): number {
  let low = 0;
  let high = polls.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (polls[mid].next > offset) high = mid;
    else low = mid + 1;
  }
  return low < polls.length ? polls[low].at : NaN;
}
