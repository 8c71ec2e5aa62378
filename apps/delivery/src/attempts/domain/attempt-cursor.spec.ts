import { decodeAttemptCursor, encodeAttemptCursor } from './attempt-cursor';

describe('attempt cursors', () => {
  it('round-trips the id of the last attempt of a page', () => {
    expect(decodeAttemptCursor(encodeAttemptCursor('12345'))).toEqual({ ok: true, value: '12345' });
  });

  it.each([
    'garbage',
    Buffer.from('["a","1 OR 1=1"]').toString('base64url'),
    Buffer.from('["b","5"]').toString('base64url'),
    Buffer.from('{"id":5}').toString('base64url'),
  ])('refuses a cursor it did not issue (%p) with a field error', (cursor) => {
    expect(decodeAttemptCursor(cursor)).toEqual({
      ok: false,
      errors: [{ field: 'cursor', message: 'is not a cursor this API issued' }],
    });
  });
});
