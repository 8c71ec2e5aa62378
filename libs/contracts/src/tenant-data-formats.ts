import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { linearRegExp } from './linear-regexp';

/**
 * Patterns RE2 cannot run (they use lookahead) that are safe as they are: `hostname` looks ahead at most
 * 254 characters from the start, and `duration`'s groups each end in a distinct letter, so neither
 * backtracks more than a constant per character.
 */
const BOUNDED_NATIVE = new Set(['hostname', 'duration']);

/**
 * ajv-formats' `url` (a backtracking regular expression) took 91 s for one 160,000-character string; it is
 * checked with the WHATWG URL parser instead, in linear time: an absolute http(s) or ftp URL with a host.
 */
function isUrl(value: string): boolean {
  if (/\s/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return ['http:', 'https:', 'ftp:'].includes(url.protocol) && url.hostname !== '';
}

/**
 * The string formats a tenant schema may use: ajv-formats' full set, with each of its regular expressions
 * run by RE2 (linear time) where RE2 can run it, and `url` replaced. The function formats (dates, `uri`,
 * `regex`, `byte`) parse without backtracking of their own.
 */
export function tenantDataFormats(): Record<string, Format> {
  const formats: Record<string, Format> = {};
  for (const [name, format] of Object.entries(fullFormats)) {
    if (name === 'url') formats[name] = isUrl;
    else if (format instanceof RegExp && !BOUNDED_NATIVE.has(name)) formats[name] = linearFormat(format);
    else formats[name] = format;
  }
  return formats;
}

function linearFormat(pattern: RegExp): Format {
  const flags = pattern.flags.includes('i') ? '(?i)' : '';
  const compiled = linearRegExp(`${flags}${pattern.source}`, '');
  return (value: string) => compiled.test(value);
}
