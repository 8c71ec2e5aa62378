import { decodeCursor, encodeCursor, toPage } from './page-cursor';

describe('page cursors', () => {
  it('round-trips the position of the last row', () => {
    const position = { createdAt: new Date('2026-11-23T10:00:00.123Z'), id: 'ep_abc' };
    expect(decodeCursor(encodeCursor(position))).toEqual({ ok: true, value: position });
  });

  it.each([
    '',
    'not-base64-json',
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from('["x","ep"]').toString('base64url'),
  ])('refuses a cursor it did not issue (%p) with a field error', (cursor) => {
    expect(decodeCursor(cursor)).toEqual({
      ok: false,
      errors: [{ field: 'cursor', message: 'is not a cursor this API issued' }],
    });
  });

  it('reports a next position only when more rows than the limit came back', () => {
    const rows = [1, 2, 3].map((n) => ({ createdAt: new Date(n * 1000), id: `r${n}` }));
    expect(toPage(rows, 2, (row) => row)).toEqual({ items: rows.slice(0, 2), next: rows[1] });
    expect(toPage(rows, 3, (row) => row).next).toBeUndefined();
  });
});
