import { JsonDepthGauge, MAX_JSON_DEPTH, jsonTextTooDeep, jsonValueTooDeep } from './json-depth';
import { parseJson } from './schema-validator';

const nested = (depth: number, inner = '1') => '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON depth', () => {
  it('counts objects and arrays, allows exactly the limit and refuses one level more', () => {
    expect(jsonTextTooDeep(nested(64), 64)).toBe(false);
    expect(jsonTextTooDeep(nested(65), 64)).toBe(true);
    expect(jsonTextTooDeep(nestedArrays(3), 3)).toBe(false);
    expect(jsonTextTooDeep(`{"list":[${nestedArrays(3)}]}`, 4)).toBe(true);
    expect(jsonTextTooDeep('"just a string"', 0)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const tricky = JSON.stringify({ text: '[[[[{{{{ \\" [[[[ "' + '{'.repeat(100) });
    expect(jsonTextTooDeep(tricky, 1)).toBe(false);
    expect(jsonTextTooDeep(Buffer.from(tricky), 1)).toBe(false);
  });

  it('measures UTF-8 bytes fed in arbitrary chunks the same as the whole text', () => {
    const text = JSON.stringify({ ünï: ['çødé', { deeper: ['"]]]"', { x: [] }] }] });
    const bytes = Buffer.from(text);
    for (let split = 1; split < bytes.length; split++) {
      const gauge = new JsonDepthGauge(6);
      expect(gauge.feed(bytes.subarray(0, split)) && gauge.feed(bytes.subarray(split))).toBe(true);
      const strict = new JsonDepthGauge(5);
      expect(strict.feed(bytes.subarray(0, split)) && strict.feed(bytes.subarray(split))).toBe(false);
    }
  });

  it('measures a document 12,000 levels deep without a RangeError', () => {
    const deep = nested(12_000);
    expect(() => JSON.stringify(JSON.parse(deep))).toThrow(RangeError); // what the limit protects
    expect(jsonTextTooDeep(deep)).toBe(true);
    expect(jsonValueTooDeep(JSON.parse(deep), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonTextTooDeep(nestedArrays(100_000))).toBe(true);
  });

  it('measures parsed values with its own stack', () => {
    expect(jsonValueTooDeep({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(jsonValueTooDeep({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(jsonValueTooDeep('scalar', 0)).toBe(false);
    expect(jsonValueTooDeep(JSON.parse(nestedArrays(50_000)), 10)).toBe(true);
  });
});

describe('parseJson', () => {
  it('refuses a record nested 12,000 deep as invalid, naming the limit', () => {
    expect(parseJson(Buffer.from(`{"data":${nested(12_000)}}`))).toEqual({
      ok: false,
      errors: [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }],
    });
  });

  it('parses documents within the limit, and takes another limit when given one', () => {
    expect(parseJson(nested(64))).toMatchObject({ ok: true });
    expect(parseJson(nested(3), 2)).toMatchObject({ ok: false });
    expect(parseJson('{"a":')).toMatchObject({ ok: false, errors: [{ field: '(root)' }] });
  });
});
