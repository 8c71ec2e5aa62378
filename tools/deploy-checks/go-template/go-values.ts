/**
 * Values as Helm's Go templates see them. Helm reads values.yaml through JSON, so every number from values is
 * a float64, while an integer literal in a template (or `int x`) is an int; Go refuses to compare the two.
 * JS numbers stand for float64 here and GoInt for int, so the renderer fails where Helm would.
 */
export class GoInt {
  constructor(readonly value: number) {
    if (!Number.isInteger(value)) throw new TemplateError(`int from a non-integer ${value}`);
  }
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export type GoKind = 'nil' | 'bool' | 'int' | 'float' | 'string' | 'list' | 'map';

export function kindOf(value: unknown): GoKind {
  if (value === undefined || value === null) return 'nil';
  if (value instanceof GoInt) return 'int';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'object') return 'map';
  throw new TemplateError(`unsupported value of type ${typeof value}`);
}

/** Go templates' truth (and sprig's `empty`, negated): false, 0, nil, "" and empty collections are false. */
export function isTruthy(value: unknown): boolean {
  switch (kindOf(value)) {
    case 'nil':
      return false;
    case 'bool':
      return value as boolean;
    case 'int':
      return (value as GoInt).value !== 0;
    case 'float':
      return (value as number) !== 0;
    case 'string':
      return (value as string) !== '';
    case 'list':
      return (value as unknown[]).length > 0;
    case 'map':
      return Object.keys(value as object).length > 0;
  }
}

/**
 * Go's `%v` of a float64: shortest round-trip digits, switching to exponent form from 1e+06 on (and below
 * 1e-4). This is why a large number from values.yaml prints as `1e+06` in a Helm template.
 */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // toExponential() without a digit count gives the shortest round-trip digits, as Go's 'g' with -1 does.
  const [mantissa = '', power = '0'] = value.toExponential().split('e');
  const exponent = Number(power);
  if (exponent >= -4 && exponent < 6) return String(value);
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** What `{{ x }}` prints. Collections are refused: Go would print `map[…]`, which is never what a chart wants. */
export function formatScalar(value: unknown): string {
  switch (kindOf(value)) {
    case 'nil':
      return ''; // Helm replaces Go's "<no value>" with nothing
    case 'bool':
      return String(value);
    case 'int':
      return String((value as GoInt).value);
    case 'float':
      return formatGoFloat(value as number);
    case 'string':
      return value as string;
    case 'list':
    case 'map':
      throw new TemplateError('printing a list or map (Go would print map[...]); use toYaml');
  }
}

/** Plain data for YAML/JSON output: GoInt becomes a number. */
export function toPlain(value: unknown): unknown {
  if (value instanceof GoInt) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlain(item)]));
  }
  return value;
}
