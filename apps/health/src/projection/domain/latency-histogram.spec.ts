import {
  LATENCY_BUCKET_COUNT,
  addLatencyCounts,
  emptyLatencyCounts,
  latencyBucketIndex,
  latencyPercentile,
} from './latency-histogram';

function histogramOf(durations: number[]): number[] {
  const counts = emptyLatencyCounts();
  for (const duration of durations) counts[latencyBucketIndex(duration)] += 1;
  return counts;
}

describe('latency histogram', () => {
  it('puts a duration in the first bucket whose upper bound holds it, and anything over 60 s in the last', () => {
    expect(latencyBucketIndex(0)).toBe(0);
    expect(latencyBucketIndex(1)).toBe(0);
    expect(latencyBucketIndex(1.5)).toBe(1);
    expect(latencyBucketIndex(100)).toBe(8);
    expect(latencyBucketIndex(600_000)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it('interpolates percentiles inside the bucket that holds the rank', () => {
    const counts = histogramOf([...Array<number>(90).fill(40), ...Array<number>(10).fill(900)]);
    expect(latencyPercentile(counts, 0.5)).toBeGreaterThan(35);
    expect(latencyPercentile(counts, 0.5)).toBeLessThanOrEqual(50);
    expect(latencyPercentile(counts, 0.95)).toBeGreaterThan(750);
    expect(latencyPercentile(counts, 0.95)).toBeLessThanOrEqual(1_000);
  });

  it('answers null for no attempts and the 60 s floor for the open bucket', () => {
    expect(latencyPercentile(emptyLatencyCounts(), 0.99)).toBeNull();
    expect(latencyPercentile(histogramOf([120_000]), 0.99)).toBe(60_000);
  });

  it('merges histograms by addition', () => {
    const merged = addLatencyCounts(histogramOf([5, 5]), histogramOf([5, 5_000]));
    expect(merged[latencyBucketIndex(5)]).toBe(3);
    expect(merged.reduce((a, b) => a + b, 0)).toBe(4);
  });
});
