import type { Validated } from '@hookline/contracts';

/** Opaque to clients: base64url of `["a", <last attempt id>]`; pages run newest first by id. */
export function encodeAttemptCursor(lastId: string): string {
  return Buffer.from(JSON.stringify(['a', lastId])).toString('base64url');
}

export function decodeAttemptCursor(cursor: string): Validated<string> {
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
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== 'a') return invalid;
  const id: unknown = parsed[1];
  return typeof id === 'string' && /^[1-9][0-9]{0,18}$/.test(id) ? { ok: true, value: id } : invalid;
}
