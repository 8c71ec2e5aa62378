/**
 * Renders and lints the chart with the real Helm (helm/helm.ts): `helm template` for a value set, parsed
 * into Kubernetes objects per template file, and `helm lint --strict` with a value set. One Helm process per
 * renderer (open it in beforeAll, close it in afterAll); renders of the same values are cached.
 *
 * Hooks: helm-java's template call prints the release manifest only (its native/internal/helm/template.go
 * writes rel.Manifest), where the helm CLI also prints rel.Hooks; the migration and topic Jobs are hooks. So
 * `render` runs Helm on a copy of the chart whose `helm.sh/hook` annotation keys are renamed, which makes
 * Helm keep those objects in the manifest, and renames the keys back in the output. The rendering itself is
 * Helm's, unchanged.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { isMap, mergeValues, readYamlFile } from './chart-values';
import { HelmSession, type LintResult } from './helm/helm';
import type { KubeObject } from './kubernetes-objects';

export interface RenderedManifest {
  /** Path inside the chart, e.g. `templates/deployment.yaml`. */
  file: string;
  text: string;
  /** The non-empty YAML documents helm rendered from the file. */
  objects: KubeObject[];
}

export interface RenderedChart {
  manifests: RenderedManifest[];
  /** values.yaml with the given values merged over it, as Helm sees them. */
  values: Record<string, unknown>;
}

export interface ReleaseOptions {
  releaseName: string;
  namespace: string;
  /** A release the chart supports (Chart.yaml kubeVersion), instead of helm's built-in default. */
  kubeVersion: string;
}

const HOOK_KEY = 'helm.sh/hook';
const RENAMED_HOOK_KEY = 'hookline-chart-check.invalid/hook';

/** A copy of the chart whose hooks Helm renders as ordinary objects (see the file comment). */
function copyWithVisibleHooks(chartDir: string, target: string): void {
  cpSync(chartDir, target, { recursive: true });
  const templates = join(target, 'templates');
  for (const file of readdirSync(templates)) {
    const path = join(templates, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll(HOOK_KEY, RENAMED_HOOK_KEY));
  }
}

/** One file's documents from `helm template` output, which marks each with `# Source: <chart>/<file>`. */
export function splitManifests(output: string): RenderedManifest[] {
  const byFile = new Map<string, RenderedManifest>();
  for (const chunk of output.replaceAll(RENAMED_HOOK_KEY, HOOK_KEY).split(/^---\s*$/m)) {
    const source = /^# Source: [^/]+\/(.+)$/m.exec(chunk)?.[1];
    if (source === undefined) continue;
    const manifest = byFile.get(source) ?? { file: source, text: '', objects: [] };
    manifest.text += chunk;
    manifest.objects.push(...parseDocuments(source, chunk));
    byFile.set(source, manifest);
  }
  return [...byFile.values()];
}

function parseDocuments(file: string, text: string): KubeObject[] {
  return parseAllDocuments(text, { uniqueKeys: true }).flatMap((document) => {
    if (document.errors.length > 0)
      throw new Error(`${file} renders to invalid YAML: ${document.errors.map((e) => e.message).join('; ')}`);
    const object = document.toJS() as unknown;
    if (object === null || object === undefined) return [];
    if (!isMap(object)) throw new Error(`${file} renders a YAML document that is not a map`);
    return [object];
  });
}

export class ChartRenderer {
  private session: Promise<HelmSession> | undefined;
  private readonly cache = new Map<string, Promise<RenderedChart>>();
  private readonly workDir = mkdtempSync(join(tmpdir(), 'hookline-chart-'));
  private files = 0;
  private readonly renderDir = join(this.workDir, 'chart-with-visible-hooks');
  private copied = false;

  constructor(
    private readonly chartDir: string,
    private readonly release: ReleaseOptions,
  ) {}

  /** Starts Helm (fetching it on the first run on this machine). */
  async open(): Promise<void> {
    await this.helm();
  }

  private chartToRender(): string {
    if (!this.copied) copyWithVisibleHooks(this.chartDir, this.renderDir);
    this.copied = true;
    return this.renderDir;
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session !== undefined) await (await session).close();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** `helm template` with `values` over values.yaml; Helm's own error (required, fail, schema) rejects. */
  render(values: Record<string, unknown>): Promise<RenderedChart> {
    const key = JSON.stringify(values);
    let rendered = this.cache.get(key);
    if (rendered === undefined) {
      rendered = this.renderUncached(values);
      this.cache.set(key, rendered);
    }
    return rendered;
  }

  /** `helm lint --strict` of the chart with `values` merged into its values.yaml (lint takes no -f here). */
  async lint(values: Record<string, unknown>): Promise<LintResult> {
    const copy = join(this.workDir, `chart-${this.files++}`);
    cpSync(this.chartDir, copy, { recursive: true });
    const merged = mergeValues(readYamlFile(join(this.chartDir, 'values.yaml')), values);
    writeFileSync(join(copy, 'values.yaml'), stringify(merged));
    return (await this.helm()).lint(copy);
  }

  /** The chart's own values.yaml with `values` merged over it. */
  values(values: Record<string, unknown>): Record<string, unknown> {
    return mergeValues(readYamlFile(join(this.chartDir, 'values.yaml')), values);
  }

  private async renderUncached(values: Record<string, unknown>): Promise<RenderedChart> {
    const chartDir = this.chartToRender();
    const valuesFile = join(this.workDir, `values-${this.files++}.json`);
    writeFileSync(valuesFile, JSON.stringify(values));
    const output = await (
      await this.helm()
    ).template({
      chartDir,
      valuesFile,
      release: this.release.releaseName,
      namespace: this.release.namespace,
      kubeVersion: this.release.kubeVersion,
    });
    return { manifests: splitManifests(output), values: this.values(values) };
  }

  private helm(): Promise<HelmSession> {
    this.session ??= HelmSession.open();
    return this.session;
  }
}
