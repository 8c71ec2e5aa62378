/**
 * Chart.yaml and values.yaml parse; every `.Values` path a template names exists in values.yaml; every value
 * is documented in values.yaml and in the chart README. Where a helm binary is on the PATH, `helm lint` and
 * `helm template` run too, and helm's rendering must equal the renderer's (which the other checks use).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHART_DIR, FULL_VALUES, objectsOf, RELEASE, render } from './chart-fixtures';
import { readYamlFile, templateFiles } from './go-template/render-chart';
import { idOf, type KubeObject } from './kubernetes-objects';
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

function helmBinary(): string | undefined {
  try {
    execFileSync('helm', ['version', '--short'], { stdio: 'ignore' });
    return 'helm';
  } catch {
    return undefined;
  }
}

/** A release the chart supports (Chart.yaml kubeVersion), instead of helm's built-in default. */
const KUBE_VERSION = '1.30.0';

/**
 * The checksum annotations hash YAML text, whose quoting style differs between helm's YAML library and this
 * one although the data is equal; they are compared for presence, everything else exactly.
 */
function normalised(objects: Record<string, KubeObject>): unknown {
  return JSON.parse(JSON.stringify(objects).replace(/("checksum\/[a-z]+":)"[0-9a-f]{64}"/g, '$1"<sha256>"'));
}

const helm = helmBinary();
const withHelm = helm === undefined ? describe.skip : describe;
if (helm === undefined) {
  // Logged, not silent: every other chart check above and in the sibling files still runs.
  console.warn(
    'helm is not on the PATH: skipping `helm lint` and `helm template` (the renderer-based chart checks still run)',
  );
}

withHelm('Helm chart: with the helm binary', () => {
  let dir: string;
  let valuesFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hookline-chart-'));
    valuesFile = join(dir, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(FULL_VALUES));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes helm lint --strict', () => {
    expect(() =>
      execFileSync(
        'helm',
        ['lint', '--strict', '--kube-version', KUBE_VERSION, CHART_DIR, '-f', valuesFile],
        {
          stdio: 'pipe',
        },
      ),
    ).not.toThrow();
  });

  it('renders with helm template exactly what the chart checks render', () => {
    const output = execFileSync(
      'helm',
      [
        'template',
        RELEASE.releaseName,
        CHART_DIR,
        '--namespace',
        RELEASE.namespace,
        '--kube-version',
        KUBE_VERSION,
        '-f',
        valuesFile,
      ],
      { encoding: 'utf8' },
    );
    const byId = (objects: KubeObject[]): Record<string, KubeObject> =>
      Object.fromEntries(objects.map((object) => [idOf(object), object]));
    const helmObjects = parseAllDocuments(output).flatMap((document) => {
      const object = document.toJS() as KubeObject | null;
      return object === null ? [] : [object];
    });
    expect(normalised(byId(helmObjects))).toEqual(normalised(byId(objectsOf(render(FULL_VALUES)))));
  });
});
