/**
 * The Markdown tables of the per-event cost (`platform.cost.<run>.<item>`), the per-hop latency
 * (`platform.hops.<run>.<hop>.<p>`) and the idle figures (`platform.idle.*`): one row per item, one column
 * per run, so the whole machine's cost of an event reads as one table.
 */
import type { BenchFigure } from '../bench-result';

export const DETAIL_PREFIXES = ['platform.cost.', 'platform.hops.', 'platform.idle.'];

type Table = (header: string[], rows: string[][], align?: Array<'l' | 'r'>) => string[];

const number = (value: number | undefined) => (value === undefined ? '' : value.toLocaleString('en-US'));

function pivot(
  figures: BenchFigure[],
  prefix: string,
): { runs: string[]; items: string[]; value: Map<string, number> } {
  const runs: string[] = [];
  const items: string[] = [];
  const value = new Map<string, number>();
  for (const figure of figures) {
    if (!figure.name.startsWith(prefix)) continue;
    const [run, ...rest] = figure.name.slice(prefix.length).split('.');
    const item = rest.join('.');
    if (!runs.includes(run)) runs.push(run);
    if (!items.includes(item)) items.push(item);
    value.set(`${run} ${item}`, figure.value);
  }
  return { runs, items, value };
}

export function costTable(figures: BenchFigure[], table: Table): string[] {
  const { runs, items, value } = pivot(figures, 'platform.cost.');
  if (runs.length === 0) return [];
  const unit = (item: string) =>
    figures.find((figure) => figure.name.endsWith(`.${item}`) && figure.name.startsWith('platform.cost.'))
      ?.unit ?? '';
  return [
    '### Cost per event (whole machine)',
    '',
    "Postgres counters of the bench database, end offsets of the namespace topics, each service's Kafka requests " +
      '(`hookline_kafka_requests_total`), CPU from /proc (postgres: the backends serving the bench database; ' +
      "broker: the whole broker process, shared with anything else using it), each ÷ the run's events.",
    '',
    ...table(
      ['per event', 'unit', ...runs],
      items.map((item) => [item, unit(item), ...runs.map((run) => number(value.get(`${run} ${item}`)))]),
      ['l', 'l', ...runs.map(() => 'r' as const)],
    ),
    '',
  ];
}

export function hopsTable(figures: BenchFigure[], table: Table): string[] {
  const { runs, items, value } = pivot(figures, 'platform.hops.');
  if (runs.length === 0) return [];
  const hops = [...new Set(items.map((item) => item.split('.')[0]))];
  return [
    '### Latency per hop (ms, p50 / p95 / p99 of first attempts)',
    '',
    'accepted = envelope `time`; outbox = `hookline-outbox-at`; published = events record timestamp; delivery = ' +
      "the outcome's `hookline-due-at` (task made from the event); POST = `startedAt`; received = the receiver's " +
      'clock; projected = first 25 ms poll of `health.applied_offsets` past the outcome.',
    '',
    ...table(
      ['hop', ...runs],
      hops.map((hop) => [
        hop.replace(/_/g, ' '),
        ...runs.map((run) =>
          ['p50', 'p95', 'p99'].map((p) => number(value.get(`${run} ${hop}.${p}`))).join(' / '),
        ),
      ]),
      ['l', ...runs.map(() => 'r' as const)],
    ),
    '',
  ];
}

export function idleTable(figures: BenchFigure[], table: Table): string[] {
  const idle = figures.filter((figure) => figure.name.startsWith('platform.idle.'));
  if (idle.length === 0) return [];
  return [
    '### Idle (nothing sent)',
    '',
    ...table(
      ['figure', 'value', 'unit'],
      idle.map((figure) => [figure.name.replace(/^platform\.idle\./, ''), number(figure.value), figure.unit]),
      ['l', 'r', 'l'],
    ),
    '',
  ];
}
