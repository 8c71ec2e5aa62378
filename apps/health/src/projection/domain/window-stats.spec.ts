import { outcomeOf } from '../../../test/factories';
import { bucketOutcomes, minuteOf } from './minute-buckets';
import { summarizeWindows } from './window-stats';

describe('bucketOutcomes', () => {
  it('sums a batch per endpoint and UTC minute, with a latency histogram', () => {
    const buckets = bucketOutcomes([
      outcomeOf({ startedAt: '2026-11-23T10:00:05Z', durationMs: 10 }),
      outcomeOf({ startedAt: '2026-11-23T10:00:55Z', result: 'failed', durationMs: 10 }),
      outcomeOf({ startedAt: '2026-11-23T10:01:00Z' }),
      outcomeOf({ startedAt: '2026-11-23T10:00:30Z', endpointId: 'ep_2' }),
    ]);
    expect(buckets).toHaveLength(3);
    expect(buckets[0]).toMatchObject({
      endpointId: 'ep_1',
      minute: minuteOf(new Date('2026-11-23T10:00:00Z')),
      attempts: 2,
      successes: 1,
    });
    expect(buckets[0].latencyCounts.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe('summarizeWindows', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  const at = (msAgo: number, result: 'succeeded' | 'failed', durationMs = 20) =>
    outcomeOf({ startedAt: new Date(now.getTime() - msAgo).toISOString(), result, durationMs });

  it('counts each window relative to the given clock time, and ignores buckets after it', () => {
    const buckets = bucketOutcomes([
      at(10 * 60_000, 'succeeded'),
      at(30 * 60_000, 'failed'),
      at(5 * 3_600_000, 'succeeded'),
      at(3 * 86_400_000, 'failed'),
      at(8 * 86_400_000, 'succeeded'),
      at(-10 * 60_000, 'succeeded'),
    ]);
    const windows = summarizeWindows(buckets, now);
    expect(windows['1h']).toMatchObject({ attempts: 2, successes: 1, failures: 1, successRate: 0.5 });
    expect(windows['24h']).toMatchObject({ attempts: 3, successes: 2, successRate: 0.6667 });
    expect(windows['7d']).toMatchObject({ attempts: 4, successes: 2, successRate: 0.5 });
  });

  it('says null rates and latencies for a window without attempts', () => {
    expect(summarizeWindows([], now)['1h']).toEqual({
      attempts: 0,
      successes: 0,
      failures: 0,
      successRate: null,
      latencyMs: { p50: null, p95: null, p99: null },
    });
  });

  it('gives the same numbers for the same buckets at the same clock time, whatever their order', () => {
    const outcomes = Array.from({ length: 200 }, (_, i) =>
      at(i * 97_000, i % 7 === 0 ? 'failed' : 'succeeded', i * 13),
    );
    const forward = summarizeWindows(bucketOutcomes(outcomes), now);
    const reversed = summarizeWindows(bucketOutcomes([...outcomes].reverse()), now);
    expect(reversed).toEqual(forward);
    expect(forward['24h'].latencyMs.p99).not.toBeNull();
  });
});

describe('bucketOutcomes and held-back attempts', () => {
  it('leaves circuit-open short-circuits out of the windows', () => {
    expect(
      bucketOutcomes([outcomeOf({ result: 'failed', statusCode: null, errorClass: 'circuit_open' })]),
    ).toEqual([]);
  });
});
