import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { TemplateError } from './go-values';
import { TemplateEvaluator } from './template-evaluator';
import { parseTemplate, type ParsedTemplate } from './template-parser';
import { ValueTracker } from './value-tracker';

export interface RenderOptions {
  /** Overrides merged over values.yaml the way Helm merges `-f` files (maps deep, `null` removes a key). */
  values?: Record<string, unknown>;
  releaseName?: string;
  namespace?: string;
}

export interface RenderedManifest {
  /** Path inside the chart, e.g. `templates/deployment.yaml`. */
  file: string;
  text: string;
  /** The non-empty YAML documents of the file. */
  objects: Record<string, unknown>[];
}

export interface RenderedChart {
  manifests: RenderedManifest[];
  /** templates/NOTES.txt, rendered (not YAML). */
  notes: string;
  /** `.Values.…` paths a template looked up that the merged values do not define. */
  missingValues: string[];
  values: Record<string, unknown>;
}

export function readYamlFile(path: string): Record<string, unknown> {
  const parsed = parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${path} is not a YAML map`);
  return parsed as Record<string, unknown>;
}

/** Helm's coalescing of values: maps merge recursively, anything else replaces, `null` deletes. */
export function mergeValues(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(current)) merged[key] = mergeValues(current, value);
    else merged[key] = structuredClone(value);
  }
  return merged;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function templateFiles(chartDir: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return walk(join(chartDir, 'templates'))
    .map((path) => relative(chartDir, path))
    .sort();
}

/** The `.Chart` object: Chart.yaml with Helm's capitalised field names. */
function chartObject(chartYaml: Record<string, unknown>): Record<string, unknown> {
  const rename: Record<string, string> = {
    apiVersion: 'APIVersion',
    appVersion: 'AppVersion',
    kubeVersion: 'KubeVersion',
  };
  return Object.fromEntries(
    Object.entries(chartYaml).map(([key, value]) => [
      rename[key] ?? key.charAt(0).toUpperCase() + key.slice(1),
      value,
    ]),
  );
}

/**
 * Renders a chart the way `helm template` does, for the Go-template subset this renderer implements: every
 * file under templates/ (files starting with `_` only contribute named templates), with `.Values`,
 * `.Release`, `.Chart` and `.Template`. Errors (a `required` value, `fail`, an unknown function) throw.
 */
export function renderChart(chartDir: string, options: RenderOptions = {}): RenderedChart {
  const chartYaml = readYamlFile(join(chartDir, 'Chart.yaml'));
  const values = mergeValues(readYamlFile(join(chartDir, 'values.yaml')), options.values ?? {});
  const parsed = new Map<string, ParsedTemplate>();
  const defines = new Map<string, ParsedTemplate['body']>();
  for (const file of templateFiles(chartDir)) {
    const template = parseTemplate(readFileSync(join(chartDir, file), 'utf8'), file);
    parsed.set(file, template);
    for (const [name, body] of template.defines) {
      if (defines.has(name)) throw new TemplateError(`${file}: template "${name}" defined twice`);
      defines.set(name, body);
    }
  }
  const tracker = new ValueTracker();
  const chart = chartObject(chartYaml);
  const release = {
    Name: options.releaseName ?? 'hookline',
    Namespace: options.namespace ?? 'default',
    Service: 'Helm',
    IsInstall: true,
    IsUpgrade: false,
  };
  tracker.track(values, '.Values');
  tracker.track(chart, '.Chart', true);
  tracker.track(release, '.Release', true);
  const evaluator = new TemplateEvaluator(defines, tracker);
  const manifests: RenderedManifest[] = [];
  let notes = '';
  for (const [file, template] of parsed) {
    const name = file.split('/').pop() ?? file;
    if (name.startsWith('_')) continue;
    const templateInfo = {
      Name: `${String(chart.Name)}/${file}`,
      BasePath: `${String(chart.Name)}/templates`,
    };
    tracker.track(templateInfo, '.Template', true);
    const text = evaluator.execute(template.body, {
      Values: values,
      Chart: chart,
      Release: release,
      Template: templateInfo,
    });
    if (name === 'NOTES.txt') notes = text;
    else manifests.push({ file, text, objects: parseManifest(file, text) });
  }
  return { manifests, notes, missingValues: [...tracker.missing].sort(), values };
}

function parseManifest(file: string, text: string): Record<string, unknown>[] {
  return parseAllDocuments(text, { uniqueKeys: true }).flatMap((document) => {
    if (document.errors.length > 0) {
      throw new Error(
        `${file} renders to invalid YAML: ${document.errors.map((error) => error.message).join('; ')}\n${text}`,
      );
    }
    const object = document.toJS() as unknown;
    if (object === null || object === undefined) return [];
    if (!isMap(object)) throw new Error(`${file} renders a YAML document that is not a map`);
    return [object];
  });
}
