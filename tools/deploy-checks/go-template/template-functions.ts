import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { formatGoFloat, GoInt, isTruthy, kindOf, TemplateError, toPlain } from './go-values';
import type { ValueTracker } from './value-tracker';

export interface FunctionContext {
  include(name: string, data: unknown): string;
  tracker: ValueTracker;
}

export type TemplateFunction = (context: FunctionContext, ...args: unknown[]) => unknown;

/** Go's `%v` (fmt.Sprint of one value), which sprig's strval and `toString` use. */
export function goSprint(value: unknown): string {
  switch (kindOf(value)) {
    case 'nil':
      return '<nil>';
    case 'int':
      return String((value as GoInt).value);
    case 'float':
      return formatGoFloat(value as number);
    case 'bool':
    case 'string':
      return String(value);
    case 'list':
      return `[${(value as unknown[]).map(goSprint).join(' ')}]`;
    case 'map':
      return `map[${Object.keys(value as object)
        .sort()
        .map((key) => `${key}:${goSprint((value as Record<string, unknown>)[key])}`)
        .join(' ')}]`;
  }
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TemplateError(`${what} wants a string, got ${kindOf(value)}`);
  return value;
}

function asCount(value: unknown, what: string): number {
  if (value instanceof GoInt) return value.value;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new TemplateError(`${what} wants an integer, got ${kindOf(value)}`);
}

function asMap(value: unknown, what: string): Record<string, unknown> {
  if (kindOf(value) !== 'map') throw new TemplateError(`${what} wants a map, got ${kindOf(value)}`);
  return value as Record<string, unknown>;
}

/** Go's eq/lt rules: operands of different basic kinds (int against float64!) are an error, not false. */
function comparable(
  left: unknown,
  right: unknown,
  ordered: boolean,
): [number | string | boolean, number | string | boolean] {
  const leftKind = kindOf(left);
  const rightKind = kindOf(right);
  const scalar = (value: unknown): number | string | boolean =>
    value instanceof GoInt ? value.value : (value as number | string | boolean);
  if (leftKind !== rightKind)
    throw new TemplateError(`incompatible types for comparison: ${leftKind} and ${rightKind}`);
  if (!['int', 'float', 'string', ...(ordered ? [] : ['bool'])].includes(leftKind)) {
    throw new TemplateError(`invalid type for comparison: ${leftKind}`);
  }
  return [scalar(left), scalar(right)];
}

function equal(left: unknown, right: unknown): boolean {
  if (left === undefined || left === null || right === undefined || right === null) {
    return (left ?? null) === (right ?? null);
  }
  const [a, b] = comparable(left, right, false);
  return a === b;
}

function indent(spaces: unknown, text: unknown): string {
  const pad = ' '.repeat(asCount(spaces, 'indent'));
  return pad + asString(text, 'indent').replaceAll('\n', `\n${pad}`);
}

function printf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%([%sdvq])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new TemplateError(`printf: missing argument for %${verb}`);
    const value = args[next++];
    if (verb === 'd') {
      if (!(value instanceof GoInt)) throw new TemplateError(`printf %d of a ${kindOf(value)}`);
      return String(value.value);
    }
    if (verb === 'q') return JSON.stringify(goSprint(value));
    return goSprint(value);
  });
}

function toInt(value: unknown): GoInt {
  switch (kindOf(value)) {
    case 'nil':
      return new GoInt(0);
    case 'int':
      return value as GoInt;
    case 'float':
      return new GoInt(Math.trunc(value as number));
    case 'bool':
      return new GoInt(value === true ? 1 : 0);
    case 'string': {
      const parsed = /^-?\d+$/.test(value as string) ? Number(value) : 0; // cast.ToInt: 0 when unparsable
      return new GoInt(parsed);
    }
    case 'list':
    case 'map':
      throw new TemplateError(`int of a ${kindOf(value)}`);
  }
}

/** sprig's `toString` (a named function: `toString` in an object literal is not contextually typed). */
const stringOf: TemplateFunction = (_context, value) => (typeof value === 'string' ? value : goSprint(value));

/**
 * The Helm and sprig functions the chart uses, with their Go semantics (argument order, pipelines passing
 * the value last, `default` treating false and 0 as unset). Anything not listed is an unknown function.
 */
export const TEMPLATE_FUNCTIONS: Record<string, TemplateFunction> = {
  include: (context, name, data) => context.include(asString(name, 'include'), data),
  required: (_context, message, value) => {
    if (value === undefined || value === null || value === '')
      throw new TemplateError(asString(message, 'required'));
    return value;
  },
  fail: (_context, message) => {
    throw new TemplateError(asString(message, 'fail'));
  },
  default: (_context, fallback, ...given) => (isTruthy(given[0]) ? given[0] : fallback),
  empty: (_context, value) => !isTruthy(value),
  not: (_context, value) => !isTruthy(value),
  eq: (_context, left, ...rights) => {
    if (rights.length === 0) throw new TemplateError('eq needs two arguments');
    return rights.some((right) => equal(left, right));
  },
  ne: (_context, left, right) => !equal(left, right),
  lt: (_context, left, right) => ((a, b) => a < b)(...comparable(left, right, true)),
  le: (_context, left, right) => ((a, b) => a <= b)(...comparable(left, right, true)),
  gt: (_context, left, right) => ((a, b) => a > b)(...comparable(left, right, true)),
  ge: (_context, left, right) => ((a, b) => a >= b)(...comparable(left, right, true)),
  quote: (_context, ...values) =>
    values
      .filter((value) => value !== undefined && value !== null)
      .map((value) => JSON.stringify(typeof value === 'string' ? value : goSprint(value)))
      .join(' '),
  toString: stringOf,
  int: (_context, value) => toInt(value),
  printf: (_context, format, ...args) => printf(asString(format, 'printf'), args),
  trunc: (_context, count, text) => {
    const length = asCount(count, 'trunc');
    const value = asString(text, 'trunc');
    if (length < 0) return value.length + length > 0 ? value.slice(value.length + length) : value;
    return value.slice(0, length);
  },
  trimSuffix: (_context, suffix, text) => {
    const value = asString(text, 'trimSuffix');
    const end = asString(suffix, 'trimSuffix');
    return end !== '' && value.endsWith(end) ? value.slice(0, -end.length) : value;
  },
  contains: (_context, part, text) => asString(text, 'contains').includes(asString(part, 'contains')),
  replace: (_context, from, to, text) =>
    asString(text, 'replace').replaceAll(asString(from, 'replace'), asString(to, 'replace')),
  indent: (_context, spaces, text) => indent(spaces, text),
  nindent: (_context, spaces, text) => `\n${indent(spaces, text)}`,
  toYaml: (_context, value) =>
    stringify(toPlain(value), { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, ''),
  fromYaml: (_context, text) => (parse(asString(text, 'fromYaml')) as unknown) ?? {},
  b64enc: (_context, text) => Buffer.from(asString(text, 'b64enc'), 'utf8').toString('base64'),
  sha256sum: (_context, text) => createHash('sha256').update(asString(text, 'sha256sum')).digest('hex'),
  list: (_context, ...items) => items,
  dict: (_context, ...pairs) => {
    if (pairs.length % 2 !== 0) throw new TemplateError('dict wants key/value pairs');
    const map: Record<string, unknown> = {};
    for (let index = 0; index < pairs.length; index += 2) map[goSprint(pairs[index])] = pairs[index + 1];
    return map;
  },
  set: (_context, map, key, value) => {
    asMap(map, 'set')[asString(key, 'set')] = value;
    return map;
  },
  hasKey: (_context, map, key) =>
    Object.prototype.hasOwnProperty.call(asMap(map, 'hasKey'), asString(key, 'hasKey')),
  index: (context, collection, ...keys) =>
    keys.reduce<unknown>((current, key) => {
      if (Array.isArray(current)) {
        const at = asCount(key, 'index');
        if (at < 0 || at >= current.length) throw new TemplateError(`index ${at} out of range`);
        return current[at] as unknown;
      }
      if (current === undefined || current === null) throw new TemplateError('index of a nil value');
      return context.tracker.lookup(asMap(current, 'index'), asString(key, 'index'));
    }, collection),
};

/** `and`/`or` stop at the first operand that decides, like Go's (so `and .x .x.y` is safe when .x is unset). */
export const SHORT_CIRCUIT = new Set(['and', 'or']);
