/**
 * How a benchmark reports: one `BENCH_RESULT <json>` line per figure on stdout, which `bench/run.ts`
 * collects into bench/results/<date>.json and the summary table.
 */
export interface BenchFigure {
  /** e.g. `producer.http.accepted_per_second` */
  name: string;
  value: number;
  unit: string;
  /** What was measured, so the number can be read without the code. */
  detail?: string;
}

export function reportFigure(figure: BenchFigure): void {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(figure)}\n`);
}

export function parseFigures(output: string): BenchFigure[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('BENCH_RESULT '))
    .map((line) => JSON.parse(line.slice('BENCH_RESULT '.length)) as BenchFigure);
}
