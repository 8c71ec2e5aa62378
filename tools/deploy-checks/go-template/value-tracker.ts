import { TemplateError } from './go-values';

/**
 * Remembers where each map of the values tree lives (`.Values.kafka.sasl`), so a lookup of a key that
 * values.yaml does not define can be reported by its full path. Helm would silently render such a
 * lookup as empty; the chart checks treat it as an error.
 */
export class ValueTracker {
  private readonly paths = new WeakMap<object, { path: string; strict: boolean }>();
  readonly missing = new Set<string>();

  /** Registers every map and list under `value` as living at `path`. */
  track(value: unknown, path: string, strict = false): void {
    if (value === null || typeof value !== 'object') return;
    this.paths.set(value, { path, strict });
    for (const [key, item] of Object.entries(value)) {
      this.track(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, strict);
    }
  }

  /** A key lookup on a map, as `.a.b` or `index` do: a missing key is nil, and recorded when tracked. */
  lookup(map: object, key: string): unknown {
    if (Object.prototype.hasOwnProperty.call(map, key)) return (map as Record<string, unknown>)[key];
    const owner = this.paths.get(map);
    if (owner?.strict === true) throw new TemplateError(`${owner.path} has no field ${key}`);
    if (owner !== undefined) this.missing.add(`${owner.path}.${key}`);
    return undefined;
  }
}
