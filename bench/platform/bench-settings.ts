/**
 * The whole-platform bench's knobs, all from the environment (docs/benchmarks.md lists them). Defaults are
 * sized so `npm run bench` finishes in about 20 minutes on the 2-core reference machine.
 */
export const SCENARIOS = ['throughput', 'ceiling', 'latency', 'scale', 'batch', 'noisy'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchSettings {
  kafkaBrokers: string;
  databaseUrl: string;
  scenarios: Set<ScenarioName>;
  /** Events of the throughput run (scenario 1), which the ceiling (2) then reads again. */
  throughputEvents: number;
  /** Event counts of the scale runs (6); a size equal to throughputEvents reuses that run. */
  scaleSizes: number[];
  /** Events delivered (unmeasured) before scenario 1, so it measures a warmed-up platform. */
  warmupEvents: number;
  /**
   * A scale size whose estimated run (size ÷ scenario 1's rate) is longer than this is skipped and
   * reported as such, so `npm run bench` stays bounded however slow the platform is.
   */
  scaleMaxSeconds: number;
  latencySeconds: number;
  latencyLoads: number[];
  noisyEvents: number;
  batchSubjects: number;
  /** DELIVERY_TIMEOUT_MS of the delivery service in the noisy-neighbour scenario: how long each hung attempt lasts. */
  deliveryTimeoutMs: number;
  partitions: number;
  logLevel: string;
  /** A run that makes no progress for this long fails instead of waiting forever. */
  stallSeconds: number;
  /** How long each service may take to answer /readyz at start (a loaded machine starts slowly). */
  readySeconds: number;
}

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${raw}: must be a positive integer`);
  return value;
}

function list<T>(name: string, fallback: T[], parse: (item: string) => T): T[] {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((item) => parse(item.trim()));
}

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(`${name} is not set: run through \`npm run bench\``);
  return value;
}

export function loadBenchSettings(): BenchSettings {
  const scenarios = list<ScenarioName>('BENCH_SCENARIOS', [...SCENARIOS], (item) => {
    if (!(SCENARIOS as readonly string[]).includes(item))
      throw new Error(`BENCH_SCENARIOS: ${item} is not one of ${SCENARIOS.join(', ')}`);
    return item as ScenarioName;
  });
  const throughputEvents = count('BENCH_THROUGHPUT_EVENTS', 100_000);
  return {
    kafkaBrokers: required('KAFKA_BROKERS'),
    databaseUrl: required('DATABASE_URL'),
    scenarios: new Set(scenarios),
    throughputEvents,
    scaleSizes: list('BENCH_SCALE', [10_000, 100_000, 1_000_000], (item) => {
      const size = Number(item.replace(/_/g, ''));
      if (!Number.isInteger(size) || size <= 0)
        throw new Error(`BENCH_SCALE: ${item} is not a positive integer`);
      return size;
    }),
    warmupEvents: count('BENCH_WARMUP_EVENTS', 2_000),
    scaleMaxSeconds: count('BENCH_SCALE_MAX_SECONDS', 1_800),
    latencySeconds: count('BENCH_LATENCY_SECONDS', 20),
    latencyLoads: [25, 50],
    noisyEvents: count('BENCH_NOISY_EVENTS', throughputEvents),
    batchSubjects: count('BENCH_BATCH_SUBJECTS', 100_000),
    deliveryTimeoutMs: count('BENCH_DELIVERY_TIMEOUT_MS', 5_000),
    partitions: count('BENCH_PARTITIONS', 6),
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    stallSeconds: count('BENCH_STALL_SECONDS', 90),
    readySeconds: count('BENCH_READY_SECONDS', 60),
  };
}
