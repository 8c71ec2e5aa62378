/**
 * How a benchmark reports: one `BENCH_RESULT <json>` line per figure on stdout, and optionally
 * `BENCH_SERIES <json>` lines (a named time series, for the chart), which `bench/run.ts` collects into
 * bench/results/<date>.json, the Markdown report and the summary.
 */
export interface BenchFigure {
  /** e.g. `producer.http.accepted_per_second` */
  name: string;
  value: number;
  unit: string;
  /** What was measured, so the number can be read without the code. */
  detail?: string;
}

/** One second of a run: when (seconds since the bench started), which scenario, and what was measured. */
export interface SeriesPoint {
  t: number;
  scenario: string;
  deliveries: number;
  /** accepted→received latency of that second's deliveries, ms */
  p50: number;
  p99: number;
}

export interface BenchSeries {
  name: string;
  points: SeriesPoint[];
}

const FIGURE = 'BENCH_RESULT ';
const SERIES = 'BENCH_SERIES ';

export function reportFigure(figure: BenchFigure): void {
  process.stdout.write(`${FIGURE}${JSON.stringify(figure)}\n`);
}

export function reportSeries(series: BenchSeries): void {
  process.stdout.write(`${SERIES}${JSON.stringify(series)}\n`);
}

/** True for the lines that carry results rather than progress (run.ts does not echo them). */
export function isResultLine(line: string): boolean {
  return line.startsWith(FIGURE) || line.startsWith(SERIES);
}

export function parseFigures(output: string): BenchFigure[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(FIGURE))
    .map((line) => JSON.parse(line.slice(FIGURE.length)) as BenchFigure);
}

export function parseSeries(output: string): BenchSeries[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(SERIES))
    .map((line) => JSON.parse(line.slice(SERIES.length)) as BenchSeries);
}
