import type { FieldError } from '@hookline/contracts';
import { HEADER_VALUE_MASK } from './sealed-header-values';

/** Headers Hookline sets itself or that only make sense hop by hop: an endpoint may not override them. */
const RESERVED = new Set([
  // Hop-by-hop (RFC 9110 §7.6.1) and the framing a proxy or the client library owns.
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-encoding',
  'expect',
  // What every webhook request carries and receivers rely on.
  'content-type',
  'user-agent',
  'traceparent',
  'tracestate',
]);

/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
/**
 * RFC 9110 field-value characters: visible ASCII, space, tab and obs-text. undici refuses anything else
 * (control characters, code points above U+00FF) at send time, so such a value would fail every delivery.
 */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const MAX_HEADERS = 20;
const MAX_VALUE_LENGTH = 1_000;

/** Every reason these custom headers are refused, one field error each (`headers.<name>`). */
export function customHeaderProblems(headers: Record<string, unknown>): FieldError[] {
  const problems: FieldError[] = [];
  const names = Object.keys(headers);
  if (names.length > MAX_HEADERS)
    problems.push({ field: 'headers', message: `at most ${MAX_HEADERS} headers` });
  const seen = new Set<string>();
  for (const name of names) {
    const field = `headers.${name}`;
    const lower = name.toLowerCase();
    const value = headers[name];
    if (!HEADER_NAME.test(name)) problems.push({ field, message: 'is not a valid header name' });
    else if (lower.startsWith('webhook-')) {
      problems.push({ field, message: 'webhook-* headers are set by Hookline (Standard Webhooks)' });
    } else if (RESERVED.has(lower)) problems.push({ field, message: 'is a reserved or hop-by-hop header' });
    else if (seen.has(lower)) problems.push({ field, message: 'is given twice (header names ignore case)' });
    seen.add(lower);
    if (typeof value !== 'string') problems.push({ field, message: 'must be a string' });
    else if (!validHeaderValue(value)) {
      problems.push({
        field,
        message: `must be at most ${MAX_VALUE_LENGTH} characters: printable ASCII, space, tab or Latin-1, no line breaks`,
      });
    }
  }
  return problems;
}

/** Header names are case-insensitive; they are stored lowercase so one name cannot appear twice. */
export function normalizeHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim()]),
  );
}

/** The mask is valid too: it means "keep the current value", which the use case resolves. */
function validHeaderValue(value: string): boolean {
  return value === HEADER_VALUE_MASK || (value.length <= MAX_VALUE_LENGTH && HEADER_VALUE.test(value));
}
