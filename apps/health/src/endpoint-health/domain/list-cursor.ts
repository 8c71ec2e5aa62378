import type { EndpointState } from '../../projection/domain/endpoint-health-state';

/** Where a page ended, and the query it belongs to (a cursor is only valid for the same state and order). */
export interface ListCursor {
  lastSuccessAt: Date | null;
  endpointId: string;
  order: 'asc' | 'desc';
  state: EndpointState | null;
}

export function encodeListCursor(cursor: ListCursor): string {
  const payload = [
    cursor.lastSuccessAt?.toISOString() ?? null,
    cursor.endpointId,
    cursor.order,
    cursor.state,
  ];
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** The cursor, or undefined when the string is not one this list produced. */
export function decodeListCursor(encoded: string): ListCursor | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (!Array.isArray(payload) || payload.length !== 4) return undefined;
    const [at, endpointId, order, state] = payload as unknown[];
    if (typeof endpointId !== 'string' || (order !== 'asc' && order !== 'desc')) return undefined;
    if (at !== null && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) return undefined;
    if (state !== null && typeof state !== 'string') return undefined;
    return {
      lastSuccessAt: at === null ? null : new Date(at),
      endpointId,
      order,
      state: state as EndpointState | null,
    };
  } catch {
    return undefined;
  }
}
