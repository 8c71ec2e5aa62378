import type { BenchFigure, BenchSeries } from '../bench-result';

/** What `npm run bench` writes to bench/results/<date>.json and renders into the Markdown and the chart. */
export interface BenchReport {
  at: string;
  wallSeconds: number;
  machine: { cpus: number; cpuModel?: string; memoryGiB: number; node: string; os: string };
  infrastructure: string[];
  results: BenchRunResult[];
}

export interface BenchRunResult {
  bench: string;
  ok: boolean;
  seconds: number;
  figures: BenchFigure[];
  series: BenchSeries[];
}

export function allFigures(report: BenchReport): BenchFigure[] {
  return report.results.flatMap((result) => result.figures);
}

export function figureValue(report: BenchReport, name: string): number | undefined {
  return allFigures(report).find((figure) => figure.name === name)?.value;
}

/** The bars of issue 8 ("Done means"), checked against whatever figures the run produced. */
export interface TargetCheck {
  target: string;
  bar: string;
  measured: string;
  met: boolean;
}

export function checkTargets(report: BenchReport): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (target: string, name: string, bar: string, unit: string, met: (value: number) => boolean) => {
    const value = figureValue(report, name);
    if (value !== undefined)
      checks.push({ target, bar, measured: `${value.toLocaleString('en-US')} ${unit}`, met: met(value) });
  };
  add(
    'sustained deliveries/s',
    'platform.throughput.deliveries_per_second',
    '≥ 5,000',
    '/s',
    (v) => v >= 5_000,
  );
  add('fraction of the ceiling', 'platform.ceiling.hookline_ratio', '≥ 0.70', '', (v) => v >= 0.7);
  add('p99 at 25% load', 'platform.latency_25pct.latency_p99', '< 50 ms', 'ms', (v) => v < 50);
  const memory = allFigures(report).filter((figure) => figure.name.startsWith('platform.memory.'));
  if (memory.length > 0) {
    const peak = memory.reduce((max, figure) => (figure.value > max.value ? figure : max));
    checks.push({
      target: 'every service under 256 MiB RSS',
      bar: '< 256 MiB',
      measured: `${peak.value} MiB (${peak.name.slice('platform.memory.'.length)})`,
      met: peak.value < 256,
    });
  }
  return checks;
}
