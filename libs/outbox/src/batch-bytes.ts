/** The size a row adds to a produce request, roughly: key, value and headers. */
export function rowBytes(row: {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}): number {
  let bytes = (row.key?.length ?? 0) + (row.value?.length ?? 0);
  for (const [name, value] of Object.entries(row.headers)) bytes += name.length + value.length;
  return bytes;
}

/**
 * How many leading rows fit in `maxBytes` (always at least one). Kafka refuses a record batch above the
 * topic's `max.message.bytes` (1 MB by default), so a relay batch of many large events must be cut, or it
 * would be refused again on every try.
 */
export function countWithinBytes(sizes: readonly number[], maxBytes: number): number {
  let total = 0;
  for (let index = 0; index < sizes.length; index++) {
    total += sizes[index];
    if (total > maxBytes && index > 0) return index;
  }
  return sizes.length;
}
