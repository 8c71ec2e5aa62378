/** Reading the chart's YAML files and merging value sets the way Helm merges `-f` files. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export function readYamlFile(path: string): Record<string, unknown> {
  const parsed = parse(readFileSync(path, 'utf8'), { uniqueKeys: true }) as unknown;
  if (!isMap(parsed)) throw new Error(`${path} is not a YAML map`);
  return parsed;
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

export function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every file under the chart's templates/, relative to the chart (e.g. `templates/deployment.yaml`). */
export function templateFiles(chartDir: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
    );
  return walk(join(chartDir, 'templates'))
    .map((path) => relative(chartDir, path))
    .sort();
}
