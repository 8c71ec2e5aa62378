/**
 * The PNG chart: deliveries per second and accepted→received p99 latency, second by second over the whole
 * platform bench, coloured by scenario. Vega-Lite draws it as SVG (no browser, no canvas) and resvg
 * rasterises it with the system fonts.
 */
import type { SeriesPoint } from '../bench-result';

export async function renderTimelinePng(points: SeriesPoint[], title: string): Promise<Buffer> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const { Resvg } = await import('@resvg/resvg-js');
  const x = { field: 't', type: 'quantitative', title: 'seconds since the bench started' } as const;
  const color = { field: 'scenario', type: 'nominal', sort: null, title: 'scenario' } as const;
  const spec = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    data: { values: points.map((point) => ({ ...point, p99: Math.max(1, point.p99) })) },
    vconcat: [
      {
        width: 900,
        height: 220,
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'deliveries', type: 'quantitative', title: 'deliveries / s' }, color },
      },
      {
        width: 900,
        height: 220,
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x,
          y: {
            field: 'p99',
            type: 'quantitative',
            title: 'p99 accepted → received (ms, log)',
            scale: { type: 'log' },
          },
          color,
        },
      },
    ],
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG(2);
  view.finalize();
  return new Resvg(svg, {
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  })
    .render()
    .asPng();
}
