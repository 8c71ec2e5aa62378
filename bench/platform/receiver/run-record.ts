/**
 * What the bench receiver keeps per run (a run is one scenario's tagged events): arrivals, the ids seen
 * (so a duplicate delivery is counted, not mistaken for progress) and two latencies per delivery.
 */
export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One second of a run: deliveries that arrived in it and their accepted→received latency. */
export interface SeriesPoint {
  /** Unix time of the second, in ms. */
  at: number;
  deliveries: number;
  p50: number;
  p99: number;
}

export interface RunProgress {
  count: number;
  unique: number;
  firstAt: number;
  lastAt: number;
}

export interface RunStats extends RunProgress {
  duplicates: number;
  averageBytes: number;
  /**
   * Distinct deliveries per second over the middle 80% of the run (10th to 90th percentile arrival), so
   * neither the ramp-up nor the last stragglers count; the whole-run average is unique ÷ (last − first).
   */
  sustainedPerSecond: number;
  /** Event accepted by the producer (the envelope's `time`) → arrival at the receiver. */
  accepted: LatencySummary;
  /** Record published on the ingest topic (`data.sentAt`) → arrival at the receiver. */
  published: LatencySummary;
  series: SeriesPoint[];
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function summarise(values: number[]): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
  };
}

export function sustainedRate(arrivals: number[]): number {
  if (arrivals.length < 10) return NaN;
  const sorted = Float64Array.from(arrivals).sort();
  const from = Math.floor(sorted.length * 0.1);
  const to = Math.ceil(sorted.length * 0.9) - 1;
  return ((to - from) * 1_000) / Math.max(1, sorted[to] - sorted[from]);
}

export class RunRecord {
  private count = 0;
  private bytes = 0;
  private firstAt = 0;
  private lastAt = 0;
  /** webhook-id → its first arrival (the per-hop breakdown joins outcomes to arrivals by it). */
  private readonly ids = new Map<string, number>();
  private readonly arrivals: number[] = [];
  private readonly acceptedLatencies: number[] = [];
  private readonly publishedLatencies: number[] = [];

  /** `acceptedAt`/`sentAt` are NaN when the body does not carry them. */
  add(id: string, arrivedAt: number, bytes: number, acceptedAt: number, sentAt: number): void {
    this.count += 1;
    this.bytes += bytes;
    if (this.firstAt === 0) this.firstAt = arrivedAt;
    this.lastAt = arrivedAt;
    if (this.ids.has(id)) return; // a duplicate delivery: counted, but it is not new progress
    this.ids.set(id, arrivedAt);
    this.arrivals.push(arrivedAt);
    this.acceptedLatencies.push(arrivedAt - acceptedAt);
    if (!Number.isNaN(sentAt)) this.publishedLatencies.push(arrivedAt - sentAt);
  }

  progress(): RunProgress {
    return { count: this.count, unique: this.ids.size, firstAt: this.firstAt, lastAt: this.lastAt };
  }

  stats(): RunStats {
    return {
      ...this.progress(),
      duplicates: this.count - this.ids.size,
      averageBytes: this.count === 0 ? 0 : Math.round(this.bytes / this.count),
      sustainedPerSecond: sustainedRate(this.arrivals),
      accepted: summarise(this.acceptedLatencies.filter((value) => !Number.isNaN(value))),
      published: summarise(this.publishedLatencies),
      series: this.series(),
    };
  }

  /** Each delivered webhook-id's first arrival (epoch ms). */
  firstArrivals(): Record<string, number> {
    return Object.fromEntries(this.ids);
  }

  private series(): SeriesPoint[] {
    const seconds = new Map<number, number[]>();
    this.arrivals.forEach((arrivedAt, i) => {
      const second = Math.floor(arrivedAt / 1_000) * 1_000;
      const bucket = seconds.get(second) ?? [];
      if (bucket.length === 0) seconds.set(second, bucket);
      bucket.push(this.acceptedLatencies[i]);
    });
    return [...seconds.entries()]
      .sort(([a], [b]) => a - b)
      .map(([at, latencies]) => {
        const sorted = Float64Array.from(latencies).sort();
        return { at, deliveries: latencies.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
      });
  }
}
