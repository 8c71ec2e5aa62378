import { RunRecord, percentile, sustainedRate } from './run-record';

describe('RunRecord', () => {
  it('counts a repeated webhook-id as a duplicate, not as progress', () => {
    const run = new RunRecord();
    run.add('msg_1', 1_000, 100, 990, 980);
    run.add('msg_1', 1_005, 100, 990, 980);
    run.add('msg_2', 1_010, 100, 1_000, 995);
    expect(run.progress()).toEqual({ count: 3, unique: 2, firstAt: 1_000, lastAt: 1_010 });
    expect(run.stats()).toMatchObject({ duplicates: 1, averageBytes: 100 });
  });

  it("keeps each webhook-id's first arrival, for the per-hop breakdown", () => {
    const run = new RunRecord();
    run.add('msg_1', 1_000, 100, 990, 980);
    run.add('msg_1', 1_005, 100, 990, 980);
    run.add('msg_2', 1_010, 100, 1_000, 995);
    expect(run.firstArrivals()).toEqual({ msg_1: 1_000, msg_2: 1_010 });
  });

  it('reports accepted→received and published→received latency percentiles', () => {
    const run = new RunRecord();
    for (let i = 1; i <= 100; i++) run.add(`msg_${i}`, 10_000 + i, 1, 10_000, 10_000 - 5);
    const stats = run.stats();
    expect(stats.accepted).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(stats.published.p99).toBe(104);
  });

  it('buckets deliveries per second for the timeline', () => {
    const run = new RunRecord();
    run.add('a', 5_100, 1, 5_090, NaN);
    run.add('b', 5_900, 1, 5_880, NaN);
    run.add('c', 6_200, 1, 6_100, NaN);
    expect(run.stats().series).toEqual([
      { at: 5_000, deliveries: 2, p50: 10, p99: 20 },
      { at: 6_000, deliveries: 1, p50: 100, p99: 100 },
    ]);
  });
});

describe('sustainedRate', () => {
  it('measures the middle 80% of arrivals, so a slow start and a straggler do not count', () => {
    // 10 slow arrivals over 10 s, 80 at one per ms, then one straggler 60 s later.
    const arrivals = [
      ...Array.from({ length: 10 }, (_, i) => i * 1_000),
      ...Array.from({ length: 80 }, (_, i) => 10_000 + i),
      ...Array.from({ length: 10 }, (_, i) => 10_080 + i),
      70_000,
    ];
    expect(sustainedRate(arrivals)).toBeGreaterThan(900);
  });

  it('has no sustained rate for fewer than ten arrivals', () => {
    expect(sustainedRate([1, 2, 3])).toBeNaN();
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNaN();
  });
});
