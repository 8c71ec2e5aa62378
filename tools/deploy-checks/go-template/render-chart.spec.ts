import { mergeValues } from './render-chart';

describe('mergeValues', () => {
  it('merges maps deeply, replaces lists and scalars, and deletes a key set to null, as helm -f does', () => {
    const base = { a: { b: 1, c: [1, 2], d: 'x' }, keep: true };
    const merged = mergeValues(base, { a: { b: 2, c: [3], d: null }, added: 'y' });
    expect(merged).toEqual({ a: { b: 2, c: [3] }, keep: true, added: 'y' });
    expect(base.a.b).toBe(1);
  });
});
