/**
 * Chart.yaml and values.yaml parse; every `.Values` path a template names exists in values.yaml; every value
 * is documented in values.yaml and in the chart README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_DIR } from './chart-fixtures';
import { readYamlFile, templateFiles } from './chart-values';
import { SERVICES } from './service-settings';
import { readmePath, valuesDocumentation } from './values-documentation';

const valuesSource = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');

/** `.Values.a.b` and `$.Values.a.b` chains written in the templates. */
function valuesReferences(): { file: string; path: string[] }[] {
  return templateFiles(CHART_DIR).flatMap((file) =>
    [...readFileSync(join(CHART_DIR, file), 'utf8').matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)].map(
      (match) => ({
        file,
        path: match[1].slice(1).split('.'),
      }),
    ),
  );
}

function lookup(values: unknown, path: string[]): boolean {
  let current = values;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

describe('Helm chart: Chart.yaml and values.yaml', () => {
  it('parses Chart.yaml as a v2 application chart with semantic versions', () => {
    const chart = readYamlFile(join(CHART_DIR, 'Chart.yaml'));
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'hookline', type: 'application' });
    expect(String(chart.version)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(String(chart.appVersion)).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('defines every .Values path a template names', () => {
    const references = valuesReferences();
    expect(references.length).toBeGreaterThan(50);
    expect(references.map((reference) => reference.path.join('.'))).toContain('kafka.brokers');
    const values = readYamlFile(join(CHART_DIR, 'values.yaml'));
    const missing = references.filter((reference) => !lookup(values, reference.path));
    expect(missing.map((reference) => `${reference.file}: .Values.${reference.path.join('.')}`)).toEqual([]);
  });

  it('documents every value with a # -- comment in values.yaml', () => {
    const { documented, undocumented } = valuesDocumentation(valuesSource);
    expect(documented).toEqual(
      expect.arrayContaining(['image.repository', 'kafka.partitions', 'services.delivery.replicas']),
    );
    expect(undocumented).toEqual([]);
  });

  it('documents every value in the chart README', () => {
    const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8');
    const names = SERVICES.map((service) => service.name);
    const paths = [
      ...new Set(valuesDocumentation(valuesSource).documented.map((path) => readmePath(path, names))),
    ];
    expect(paths.filter((path) => !readme.includes(`\`${path}\``))).toEqual([]);
  });

  it('reports an undocumented value (the check can fail)', () => {
    const { undocumented } = valuesDocumentation(
      '# -- documented\na: 1\nsection:\n  # -- yes\n  b: 2\n  c: 3\n',
    );
    expect(undocumented).toEqual(['section.c']);
  });
});
