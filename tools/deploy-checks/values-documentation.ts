import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';

export interface ValuesDocumentation {
  /** Paths of the values documented with a `# --` comment (a documented map is one value, e.g. resources). */
  documented: string[];
  /** Paths of values with no `# --` comment on them or on a map above them. */
  undocumented: string[];
}

/** The comment that belongs to the i-th key of a map (the first key's comment is attached to the map). */
function commentOf(map: YAMLMap, index: number): string {
  const pair = map.items[index];
  const keyComment = isScalar(pair?.key) ? pair.key.commentBefore : undefined;
  const comment = keyComment ?? (index === 0 ? map.commentBefore : undefined) ?? '';
  // Only the paragraph right above the key counts (a file or section header may precede it).
  return comment.split(/\n\s*\n/).pop() ?? '';
}

/**
 * Walks values.yaml the way helm-docs reads it: a key with a `# -- description` comment is a documented value
 * (its children are its content); a key without one must be a map whose keys are all documented.
 */
export function valuesDocumentation(source: string): ValuesDocumentation {
  const result: ValuesDocumentation = { documented: [], undocumented: [] };
  const walk = (map: YAMLMap, prefix: string): void => {
    map.items.forEach((pair, index) => {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (/^\s*--\s/.test(commentOf(map, index))) result.documented.push(path);
      else if (isMap(pair.value) && pair.value.items.length > 0) walk(pair.value, path);
      else result.undocumented.push(path);
    });
  };
  const contents = parseDocument(source).contents;
  if (isMap(contents)) walk(contents, '');
  return result;
}

/** One README row per service key: `services.producer.replicas` is documented as `services.<name>.replicas`. */
export function readmePath(path: string, serviceNames: string[]): string {
  const [head, service, ...rest] = path.split('.');
  return head === 'services' && service !== undefined && serviceNames.includes(service) && rest.length > 0
    ? ['services', '<name>', ...rest].join('.')
    : path;
}
