/**
 * Upper bounds (ms) of the fixed latency buckets every per-minute bucket keeps; the last bucket is open
 * (slower than 60 s). Fixed bounds make buckets mergeable by plain addition, so any window is a sum.
 */
export const LATENCY_BOUNDS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 7_500, 10_000,
  15_000, 20_000, 30_000, 60_000,
];

export const LATENCY_BUCKET_COUNT = LATENCY_BOUNDS_MS.length + 1;

export function emptyLatencyCounts(): number[] {
  return new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
}

export function latencyBucketIndex(durationMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => durationMs <= bound);
  return index < 0 ? LATENCY_BOUNDS_MS.length : index;
}

export function addLatencyCounts(into: number[], add: readonly number[]): number[] {
  for (let i = 0; i < LATENCY_BUCKET_COUNT; i++) into[i] = (into[i] ?? 0) + (add[i] ?? 0);
  return into;
}

/**
 * The q-quantile (0 < q ≤ 1) of a bucketed distribution, interpolated linearly inside its bucket as
 * Prometheus' histogram_quantile does; the open last bucket answers its lower bound. Null when empty.
 */
export function latencyPercentile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i] ?? 0;
    if (count > 0 && seen + count >= rank) {
      if (i >= LATENCY_BOUNDS_MS.length) return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      const upper = LATENCY_BOUNDS_MS[i];
      return Math.round((lower + ((upper - lower) * (rank - seen)) / count) * 10) / 10;
    }
    seen += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
