import { addLatencyCounts, emptyLatencyCounts, latencyPercentile } from './latency-histogram';
import type { MinuteBucket } from './minute-buckets';

export const HEALTH_WINDOWS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;

export type WindowName = keyof typeof HEALTH_WINDOWS;

export interface WindowStats {
  attempts: number;
  successes: number;
  failures: number;
  /** successes / attempts, or null without attempts. */
  successRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** The longest window: buckets older than this (plus a margin) can be dropped. */
export const LONGEST_WINDOW_MS = HEALTH_WINDOWS['7d'];

/**
 * Each window over the minute buckets that start within it, relative to `now` (the health clock), so the
 * same buckets always give the same numbers at the same clock time.
 */
export function summarizeWindows(
  buckets: ReadonlyArray<Pick<MinuteBucket, 'minute' | 'attempts' | 'successes' | 'latencyCounts'>>,
  now: Date,
): Record<WindowName, WindowStats> {
  const result = {} as Record<WindowName, WindowStats>;
  for (const [name, length] of Object.entries(HEALTH_WINDOWS) as Array<[WindowName, number]>) {
    const from = now.getTime() - length;
    const inWindow = buckets.filter((b) => b.minute.getTime() >= from && b.minute.getTime() <= now.getTime());
    result[name] = summarize(inWindow);
  }
  return result;
}

function summarize(
  buckets: ReadonlyArray<Pick<MinuteBucket, 'attempts' | 'successes' | 'latencyCounts'>>,
): WindowStats {
  const latency = emptyLatencyCounts();
  let attempts = 0;
  let successes = 0;
  for (const bucket of buckets) {
    attempts += bucket.attempts;
    successes += bucket.successes;
    addLatencyCounts(latency, bucket.latencyCounts);
  }
  return {
    attempts,
    successes,
    failures: attempts - successes,
    successRate: attempts === 0 ? null : Math.round((successes / attempts) * 10_000) / 10_000,
    latencyMs: {
      p50: latencyPercentile(latency, 0.5),
      p95: latencyPercentile(latency, 0.95),
      p99: latencyPercentile(latency, 0.99),
    },
  };
}
