/**
 * The alert rules (deploy/helm/hookline/alerts/hookline.rules.yaml): valid by `promtool check rules`, their
 * unit tests (deploy/observability/hookline-alerts.test.yaml) pass under `promtool test rules`, every alert
 * the operations doc asks for exists and is tested firing, and compose's Prometheus loads the same file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR, ROOT } from './chart-fixtures';
import { promtool } from './promtool';

const RULES = join(CHART_DIR, 'alerts', 'hookline.rules.yaml');
const TESTS = join(ROOT, 'deploy', 'observability', 'hookline-alerts.test.yaml');

interface RuleFile {
  groups: { name: string; rules: { alert?: string; expr: string; for?: string }[] }[];
}
interface RuleTests {
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

const rules = parse(readFileSync(RULES, 'utf8')) as RuleFile;
const alerts = rules.groups.flatMap((group) => group.rules.flatMap((rule) => rule.alert ?? []));
const cases = (parse(readFileSync(TESTS, 'utf8')) as RuleTests).tests.flatMap(
  (test) => test.alert_rule_test ?? [],
);

/** One alert per row of docs/operations.md "What to alert on" that Hookline's own metrics can express. */
const REQUIRED = {
  'replica not ready': ['HooklineServiceDown', 'HooklineReplicasNotReady'],
  'consumer lag': ['HooklineConsumerLagGrowing'],
  'retries piling up': ['HooklineRetriesPilingUp'],
  'dead-letter growth': ['HooklineDeadLettersGrowing'],
  'outbox backlog': ['HooklineOutboxBacklogGrowing'],
  'outbox rows parked': ['HooklineOutboxRowsParked'],
  'replica cannot apply': ['HooklineReplicaCannotApplyRecords'],
  'ingest 5xx rate': ['HooklineIngestErrors'],
  'health projection lag': ['HooklineHealthProjectionBehind'],
  'endpoints disabled or failing': ['HooklineEndpointsDisabledSharply', 'HooklineEndpointsFailingSharply'],
};

describe('alert rules', () => {
  it('pass promtool check rules', async () => {
    const result = await promtool(['check', 'rules', RULES], ROOT);
    expect(result.output).toContain(`SUCCESS: ${alerts.length} rules found`);
    expect(result.ok).toBe(true);
  });

  it('pass their promtool unit tests', async () => {
    const result = await promtool(['test', 'rules', TESTS], ROOT);
    expect(result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('cover every alert the operations doc asks for, each tested firing and tested quiet', () => {
    expect(alerts).toEqual(expect.arrayContaining(Object.values(REQUIRED).flat()));
    const tested = (alert: string, firing: boolean): boolean =>
      cases.some((test) => test.alertname === alert && test.exp_alerts.length > 0 === firing);
    expect(alerts.filter((alert) => !tested(alert, true)).map((alert) => `${alert} never fires`)).toEqual([]);
    expect(
      alerts.filter((alert) => !tested(alert, false)).map((alert) => `${alert} never stays quiet`),
    ).toEqual([]);
  });

  it('fail their unit tests when a rule loses its `for` (the tests can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hookline-rules-'));
    try {
      const broken = readFileSync(RULES, 'utf8').replace(
        /(alert: HooklineServiceDown\n(?:.*\n)*?)\s+for: 5m\n/,
        '$1\n',
      );
      expect(broken).not.toEqual(readFileSync(RULES, 'utf8'));
      cpSync(join(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true });
      writeFileSync(join(dir, 'deploy', 'helm', 'hookline', 'alerts', 'hookline.rules.yaml'), broken);
      const result = await promtool(['test', 'rules', 'deploy/observability/hookline-alerts.test.yaml'], dir);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('HooklineServiceDown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are loaded by compose's Prometheus (rule_files), from the chart's file", () => {
    const prometheus = parse(
      readFileSync(join(ROOT, 'deploy', 'observability', 'prometheus.yml'), 'utf8'),
    ) as {
      rule_files?: string[];
    };
    const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { volumes?: string[] }>;
    };
    const [file] = prometheus.rule_files ?? [];
    expect(file).toBeDefined();
    expect(compose.services.prometheus.volumes).toContain(
      `./deploy/helm/hookline/alerts/hookline.rules.yaml:${file}:ro`,
    );
  });
});
