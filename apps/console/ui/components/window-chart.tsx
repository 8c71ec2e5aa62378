import { WINDOW_NAMES, type WindowName, type WindowStats } from '../api-types';

const BAR_WIDTH = 14;
const GAP = 6;
const HEIGHT = 32;

function percent(rate: number | null): string {
  return rate === null ? 'no attempts' : `${(rate * 100).toFixed(1)} %`;
}

function millis(value: number | null): string {
  return value === null ? '–' : `${Math.round(value)} ms`;
}

/**
 * Success rate (bar height, coloured by how good it is) and p95 latency for the 1 h / 24 h / 7 d windows, as
 * a small SVG chart with the same numbers as text for screen readers and narrow screens.
 */
export function WindowChart({ windows }: { windows: Record<WindowName, WindowStats> | undefined }) {
  if (windows === undefined) return <span class="muted">no data yet</span>;
  const label = WINDOW_NAMES.map(
    (name) =>
      `${name}: ${percent(windows[name].successRate)}, p95 ${millis(windows[name].latencyMs.p95)}, ${windows[name].attempts} attempts`,
  ).join('; ');
  const width = WINDOW_NAMES.length * (BAR_WIDTH + GAP);
  return (
    <figure class="window-chart">
      <svg width={width} height={HEIGHT + 12} role="img" aria-label={label}>
        {WINDOW_NAMES.map((name, index) => {
          const rate = windows[name].successRate;
          const height = rate === null ? 1 : Math.max(1, rate * HEIGHT);
          const tone = rate === null ? 'none' : rate >= 0.99 ? 'good' : rate >= 0.9 ? 'fair' : 'bad';
          const x = index * (BAR_WIDTH + GAP);
          return (
            <g key={name}>
              <title>{`${name}: ${percent(rate)}`}</title>
              <rect class={`bar bar-${tone}`} x={x} y={HEIGHT - height} width={BAR_WIDTH} height={height} />
              <text x={x + BAR_WIDTH / 2} y={HEIGHT + 10} text-anchor="middle">
                {name}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {WINDOW_NAMES.map((name) => (
          <span key={name} class="window-figure">
            {name} {percent(windows[name].successRate)} · p95 {millis(windows[name].latencyMs.p95)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
