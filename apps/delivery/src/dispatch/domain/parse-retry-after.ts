/**
 * A `Retry-After` header as milliseconds from `now`: delta-seconds or an HTTP date. Undefined when absent or
 * malformed (then the schedule alone decides).
 */
export function parseRetryAfter(header: string | string[] | undefined, now: Date): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1_000;
  // An HTTP date names its weekday and month; Date.parse alone would read "-5" as a year.
  if (!/^[A-Za-z]{3},/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
