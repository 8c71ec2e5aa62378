import { countWithinRanges, decodeIdRanges, encodeIdRanges, toIdRanges } from './id-ranges';

describe('outbox id ranges', () => {
  it('covers consecutive ids only, never a gap', () => {
    expect(toIdRanges(['5', '6', '7', '9', '11', '12'])).toEqual([
      ['5', '7'],
      ['9', '9'],
      ['11', '12'],
    ]);
  });

  it('round-trips through the marker text, with ids beyond 2^53', () => {
    const ranges = toIdRanges(['9007199254740993', '9007199254740994', '9007199254740999']);
    expect(decodeIdRanges(encodeIdRanges(ranges))).toEqual(ranges);
    expect(encodeIdRanges(ranges)).toBe('v1:9007199254740993-9007199254740994,9007199254740999');
  });

  it('reads no ranges where no marker was ever written, and refuses a corrupt one', () => {
    expect(decodeIdRanges('')).toEqual([]);
    expect(decodeIdRanges(null)).toEqual([]);
    expect(() => decodeIdRanges('v1:12,x')).toThrow('malformed');
  });

  it('cuts a batch where it would need more ranges than the marker may hold', () => {
    expect(countWithinRanges(['1', '2', '4', '6', '7'], 2)).toBe(3);
    expect(countWithinRanges(['1', '2', '3'], 1)).toBe(3);
  });
});
