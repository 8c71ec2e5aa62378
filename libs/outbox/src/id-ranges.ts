/** Inclusive ranges of outbox row ids: `[first, last]`. Outbox ids are bigserial, so they travel as strings. */
export type IdRange = [string, string];

/**
 * Turns ascending ids into ranges of consecutive ids. Only ids actually present make a range: a gap (a row
 * that is not committed yet, or was rolled back) is never covered, so deleting by range cannot remove it.
 */
export function toIdRanges(sortedIds: readonly string[]): IdRange[] {
  const ranges: IdRange[] = [];
  for (const id of sortedIds) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && BigInt(last[1]) + 1n === BigInt(id)) last[1] = id;
    else ranges.push([id, id]);
  }
  return ranges;
}

/** How many leading ids fit in `maxRanges` ranges (the marker's size is bounded by Kafka's metadata limit). */
export function countWithinRanges(sortedIds: readonly string[], maxRanges: number): number {
  let ranges = 0;
  for (let index = 0; index < sortedIds.length; index++) {
    const consecutive = index > 0 && BigInt(sortedIds[index - 1]) + 1n === BigInt(sortedIds[index]);
    if (!consecutive) ranges++;
    if (ranges > maxRanges) return index;
  }
  return sortedIds.length;
}

const VERSION_PREFIX = 'v1:';

export function encodeIdRanges(ranges: readonly IdRange[]): string {
  return (
    VERSION_PREFIX + ranges.map(([first, last]) => (first === last ? first : `${first}-${last}`)).join(',')
  );
}

/** Reads a marker written by `encodeIdRanges`; anything else (no marker yet) is no ranges. */
export function decodeIdRanges(marker: string | null | undefined): IdRange[] {
  if (marker === null || marker === undefined || !marker.startsWith(VERSION_PREFIX)) return [];
  const body = marker.slice(VERSION_PREFIX.length);
  if (body === '') return [];
  return body.split(',').map((part) => {
    if (!/^\d+(-\d+)?$/.test(part)) throw new Error(`malformed outbox progress marker part "${part}"`);
    const [first, last = first] = part.split('-');
    return [first, last];
  });
}
