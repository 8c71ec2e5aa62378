import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'hookline-overview.json');

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  targets?: Array<{ expr: string }>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** Every `hookline_*` metric name a service or lib registers, from the source. */
function registeredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourceFiles(join(ROOT, 'apps')), ...sourceFiles(join(ROOT, 'libs'))]) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`](hookline_[a-z0-9_]+)['"`]/g))
      names.add(match[1]);
  }
  return names;
}

describe('the Grafana dashboard (deploy/grafana/hookline-overview.json)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    uid: string;
    panels: Panel[];
    templating: { list: Array<{ name: string; type: string }> };
  };
  const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));

  it('queries only metrics some service actually registers', () => {
    const registered = registeredMetricNames();
    const used = new Set(
      queries.flatMap((expr) =>
        [...expr.matchAll(/hookline_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, '')),
      ),
    );
    expect([...used].filter((name) => !registered.has(name))).toEqual([]);
  });

  it('covers ingest requests, deliveries by outcome, attempt latency, consumer lag, retry tiers, dead letters, outboxes and endpoint states', () => {
    const all = queries.join('\n');
    for (const metric of [
      'hookline_http_request_duration_seconds_count',
      'hookline_http_request_duration_seconds_bucket',
      'hookline_deliveries_total',
      'hookline_delivery_attempt_duration_seconds_bucket',
      'hookline_kafka_consumer_lag',
      'hookline_retry_tier_depth',
      'hookline_dead_letter_depth',
      'hookline_producer_outbox_backlog',
      'hookline_subscription_outbox_backlog',
      'hookline_health_outbox_backlog',
      'hookline_health_endpoints',
      'hookline_health_projection_lag_seconds',
    ]) {
      expect(all).toContain(metric);
    }
  });

  it('is importable: unique panel ids, a datasource variable every query uses, no overlapping panels', () => {
    const ids = dashboard.panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
      expect(panel.datasource?.uid).toBe('${datasource}');
    }
    const cells = new Set<string>();
    for (const { gridPos } of dashboard.panels) {
      expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
      for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
        for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
          expect(cells.has(`${x}:${y}`)).toBe(false);
          cells.add(`${x}:${y}`);
        }
      }
    }
  });
});
