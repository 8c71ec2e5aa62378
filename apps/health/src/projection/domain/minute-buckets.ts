import type { DeliveryOutcome } from '@hookline/contracts';
import { reachedEndpoint } from './endpoint-health-state';
import { emptyLatencyCounts, latencyBucketIndex } from './latency-histogram';

/** Attempts, successes and the latency histogram of one endpoint in one UTC minute. */
export interface MinuteBucket {
  endpointId: string;
  minute: Date;
  attempts: number;
  successes: number;
  latencyCounts: number[];
}

export const MINUTE_MS = 60_000;

export function minuteOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** Sums a batch of outcomes into per-(endpoint, minute) deltas, added to the stored buckets in one go. */
export function bucketOutcomes(outcomes: readonly DeliveryOutcome[]): MinuteBucket[] {
  const buckets = new Map<string, MinuteBucket>();
  for (const outcome of outcomes) {
    if (!reachedEndpoint(outcome)) continue;
    const minute = minuteOf(new Date(outcome.startedAt));
    const key = `${outcome.endpointId}\u0000${minute.getTime()}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        endpointId: outcome.endpointId,
        minute,
        attempts: 0,
        successes: 0,
        latencyCounts: emptyLatencyCounts(),
      };
      buckets.set(key, bucket);
    }
    bucket.attempts += 1;
    if (outcome.result === 'succeeded') bucket.successes += 1;
    bucket.latencyCounts[latencyBucketIndex(outcome.durationMs)] += 1;
  }
  return [...buckets.values()];
}
