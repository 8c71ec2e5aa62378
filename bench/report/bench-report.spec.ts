import type { BenchFigure } from '../bench-result';
import { checkTargets, type BenchReport } from './bench-report';
import { renderMarkdown } from './markdown-report';

function report(figures: BenchFigure[]): BenchReport {
  return {
    at: '2026-11-23T12:00:00.000Z',
    wallSeconds: 600,
    machine: { cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24, node: 'v20.20.2', os: 'Linux' },
    infrastructure: ['kafka: 127.0.0.1:9092 (from KAFKA_BROKERS)'],
    results: [{ bench: 'bench/platform/platform.bench.ts', ok: true, seconds: 590, figures, series: [] }],
  };
}

const figure = (name: string, value: number, unit = 'x'): BenchFigure => ({ name, value, unit });

describe('checkTargets', () => {
  it("checks issue 8's bars against the figures the run produced, and names the largest service", () => {
    const checks = checkTargets(
      report([
        figure('platform.throughput.deliveries_per_second', 5_200),
        figure('platform.ceiling.hookline_ratio', 0.65),
        figure('platform.latency_25pct.latency_p99', 12),
        figure('platform.memory.throughput.delivery', 300),
        figure('platform.memory.batch.producer', 120),
      ]),
    );
    expect(checks.map((check) => [check.target, check.met])).toEqual([
      ['sustained deliveries/s', true],
      ['fraction of the ceiling', false],
      ['p99 at 25% load', true],
      ['every service under 256 MiB RSS', false],
    ]);
    expect(checks[3].measured).toBe('300 MiB (throughput.delivery)');
  });

  it('leaves out a bar whose figure the run did not produce', () => {
    expect(checkTargets(report([figure('platform.ceiling.hookline_ratio', 0.8)]))).toHaveLength(1);
  });
});

describe('renderMarkdown', () => {
  it('pivots the scale and memory figures into tables and marks a skipped size', () => {
    const markdown = renderMarkdown(
      report([
        figure('platform.scale.10000.deliveries_per_second', 1_500),
        figure('platform.scale.10000.cpu_ms_per_event', 0.9),
        figure('platform.scale.1000000.skipped_estimated_seconds', 700),
        figure('platform.memory.throughput.delivery', 200),
        figure('platform.memory.throughput.health', 150),
      ]),
      'chart.png',
    );
    expect(markdown).toContain('| 10,000 | 1,500 |  | 0.9 |');
    expect(markdown).toContain('| 1,000,000 | skipped (~700 s) |');
    expect(markdown).toContain('| throughput |  |  | 200 | 150 |');
    expect(markdown).toContain('![throughput and latency over time](chart.png)');
  });
});
