import type { Validated } from '@hookline/contracts';

/** Where the previous page ended: lists are ordered by (createdAt, id), so this position is stable. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  next: PagePosition | undefined;
}

/** Opaque to clients: base64url of `[createdAt ISO, id]`. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Validated<PagePosition> {
  const invalid = {
    ok: false as const,
    errors: [{ field: 'cursor', message: 'is not a cursor this API issued' }],
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return invalid;
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || id.length === 0 || id.length > 256) return invalid;
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime())) return invalid;
  return { ok: true, value: { createdAt, id } };
}

/** Splits `limit + 1` fetched rows into a page and the position of its last row when more follow. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => PagePosition): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last !== undefined ? positionOf(last) : undefined };
}
