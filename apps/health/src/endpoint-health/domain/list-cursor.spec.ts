import { decodeListCursor, encodeListCursor } from './list-cursor';

describe('list cursors', () => {
  it('round-trips a position, including a never-succeeded endpoint', () => {
    const cursor = {
      lastSuccessAt: new Date('2026-11-23T10:00:00Z'),
      endpointId: 'ep_9',
      order: 'asc' as const,
      state: null,
    };
    expect(decodeListCursor(encodeListCursor(cursor))).toEqual(cursor);
    const never = { ...cursor, lastSuccessAt: null, state: 'failing' as const };
    expect(decodeListCursor(encodeListCursor(never))).toEqual(never);
  });

  it.each([
    '',
    'not-base64!',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2,3,4]').toString('base64url'),
  ])('rejects %p instead of throwing', (text) => {
    expect(decodeListCursor(text)).toBeUndefined();
  });
});
