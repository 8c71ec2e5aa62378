import { countWithinBytes, rowBytes } from './batch-bytes';

describe('relay batch size in bytes', () => {
  it('cuts a batch before it passes the byte limit, but always takes one row', () => {
    expect(countWithinBytes([300, 300, 300, 300], 700)).toBe(2);
    expect(countWithinBytes([5_000, 1], 700)).toBe(1);
    expect(countWithinBytes([1, 2, 3], 700)).toBe(3);
  });

  it('counts key, value and headers', () => {
    expect(rowBytes({ key: 'k', value: 'vvv', headers: { ce_id: 'e1' } })).toBe(1 + 3 + 5 + 2);
  });
});
