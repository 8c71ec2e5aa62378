/**
 * bench/results/<date>.md: the issue's targets, the whole-platform figures (with the scale and memory
 * figures pivoted into tables), every component bench's figures, and the chart.
 */
import type { BenchFigure } from '../bench-result';
import { allFigures, checkTargets, type BenchReport } from './bench-report';
import { DETAIL_PREFIXES, costTable, hopsTable, idleTable } from './cost-tables';

const SERVICES = ['producer', 'subscription', 'delivery', 'health'];

const number = (value: number | undefined) => (value === undefined ? '' : value.toLocaleString('en-US'));

function table(header: string[], rows: string[][], align: Array<'l' | 'r'> = []): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (align[i] === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
}

function scaleTable(figures: BenchFigure[]): string[] {
  const value = (name: string) => figures.find((figure) => figure.name === name)?.value;
  const sizes = [
    ...new Set(
      figures.flatMap((figure) => /^platform\.scale\.(\d+)\./.exec(figure.name)?.[1] ?? []).map(Number),
    ),
  ].sort((a, b) => a - b);
  if (sizes.length === 0) return [];
  return [
    '### Scale: cost per event',
    '',
    ...table(
      [
        'events',
        'deliveries/s',
        'wall ms/event',
        'CPU ms/event (4 services)',
        ...SERVICES.map((s) => `${s} CPU ms/event`),
      ],
      sizes.map((size) => [
        number(size),
        value(`platform.scale.${size}.skipped_estimated_seconds`) === undefined
          ? number(value(`platform.scale.${size}.deliveries_per_second`))
          : `skipped (~${number(value(`platform.scale.${size}.skipped_estimated_seconds`))} s)`,
        number(value(`platform.scale.${size}.wall_ms_per_event`)),
        number(value(`platform.scale.${size}.cpu_ms_per_event`)),
        ...SERVICES.map((service) => number(value(`platform.scale.${size}.cpu_ms_per_event.${service}`))),
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
  ];
}

function memoryTable(figures: BenchFigure[]): string[] {
  const memory = figures.filter((figure) => figure.name.startsWith('platform.memory.'));
  if (memory.length === 0) return [];
  const scenarios = [...new Set(memory.map((figure) => figure.name.split('.')[2]))];
  const value = (scenario: string, service: string) =>
    memory.find((figure) => figure.name === `platform.memory.${scenario}.${service}`)?.value;
  return [
    '### Peak RSS per service and scenario (MiB)',
    '',
    ...table(
      ['scenario', ...SERVICES],
      scenarios.map((scenario) => [scenario, ...SERVICES.map((service) => number(value(scenario, service)))]),
      ['l', 'r', 'r', 'r', 'r'],
    ),
    '',
  ];
}

export function renderMarkdown(report: BenchReport, chartFile: string | undefined): string {
  const { machine } = report;
  const lines = [
    `# Hookline benchmark, ${report.at}`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}. ` +
      `Whole run: ${number(report.wallSeconds)} s.`,
    '',
    ...report.infrastructure.map((line) => `- ${line}`),
    '',
  ];
  const targets = checkTargets(report);
  if (targets.length > 0) {
    lines.push('## Targets (issue 8)', '');
    lines.push(
      ...table(
        ['target', 'bar', 'measured', 'met'],
        targets.map((check) => [check.target, check.bar, check.measured, check.met ? 'yes' : 'no']),
      ),
      '',
    );
  }
  const platform = report.results.find((result) => result.bench.includes('platform'));
  if (platform !== undefined) {
    const headline = platform.figures.filter(
      (figure) =>
        !figure.name.startsWith('platform.memory.') &&
        !figure.name.startsWith('platform.scale.') &&
        !DETAIL_PREFIXES.some((prefix) => figure.name.startsWith(prefix)),
    );
    lines.push(`## Whole platform (${platform.bench}${platform.ok ? '' : ', FAILED'})`, '');
    if (chartFile !== undefined) lines.push(`![throughput and latency over time](${chartFile})`, '');
    lines.push(
      ...table(
        ['figure', 'value', 'unit', 'what'],
        headline.map((figure) => [
          figure.name.replace(/^platform\./, ''),
          number(figure.value),
          figure.unit,
          figure.detail ?? '',
        ]),
        ['l', 'r', 'l', 'l'],
      ),
      '',
      ...hopsTable(platform.figures, table),
      ...costTable(platform.figures, table),
      ...idleTable(platform.figures, table),
      ...scaleTable(platform.figures),
      ...memoryTable(platform.figures),
    );
  }
  const components = report.results.filter((result) => result !== platform);
  if (components.length > 0) {
    lines.push('## Component benches', '');
    lines.push(
      ...table(
        ['bench', 'figure', 'value', 'unit', 'what'],
        components.flatMap((result) =>
          result.ok
            ? result.figures.map((figure) => [
                result.bench,
                figure.name,
                number(figure.value),
                figure.unit,
                figure.detail ?? '',
              ])
            : [[result.bench, 'FAILED', '', '', '']],
        ),
        ['l', 'l', 'r', 'l', 'l'],
      ),
      '',
    );
  }
  if (allFigures(report).length === 0) lines.push('No figures (every bench failed).', '');
  return lines.join('\n');
}
