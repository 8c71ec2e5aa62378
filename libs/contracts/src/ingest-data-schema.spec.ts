import { fullFormats } from 'ajv-formats/dist/formats';
import {
  MAX_DATA_SCHEMA_BYTES,
  MAX_DATA_SCHEMA_DEPTH,
  compileDataSchema,
  dataSchemaProblems,
} from './ingest-data-schema';
import { tenantDataFormats } from './tenant-data-formats';

const withPattern = (pattern: string) => ({
  type: 'object',
  properties: { name: { type: 'string', pattern } },
});

describe('tenant data schemas cannot freeze the event loop', () => {
  it('runs the ReDoS pattern ^(a|aa)+$ on the linear engine: a 100,000-character hostile string is just invalid', () => {
    // Backtracking RegExp needs ~1.6^n steps for this input (2.5 s at 34 characters); RE2 reads it once.
    const validate = compileDataSchema(withPattern('^(a|aa)+$'));
    expect(validate({ name: `${'a'.repeat(100_000)}b` })).toMatchObject({
      ok: false,
      errors: [{ field: 'data.name', message: 'must match pattern "^(a|aa)+$"' }],
    });
    expect(validate({ name: 'aaaa' }).ok).toBe(true);
  });

  it('compiles patterns with RE2, so lookaround and backreferences (backtracking-only syntax) are refused', () => {
    expect(() => compileDataSchema(withPattern('^(?=a)a+$'))).toThrow(/unsupported Perl syntax/);
    expect(dataSchemaProblems(withPattern('^(a)\\1$'))).toEqual([
      { field: 'schema', message: expect.stringMatching(/^does not compile: .*invalid escape/) },
    ]);
  });

  it('keeps each pattern its own: patternProperties and pattern in one schema check different keys', () => {
    const validate = compileDataSchema({
      type: 'object',
      properties: { s: { type: 'string', pattern: '^(a|aa)+$' } },
      patternProperties: { '^x(a|aa)+$': { type: 'number' } },
      propertyNames: { pattern: '^[a-z]+$' },
    });
    expect(validate({ s: 'aaa', xaa: 1 }).ok).toBe(true);
    expect(validate({ xaa: 'not a number' })).toMatchObject({ ok: false, errors: [{ field: 'data.xaa' }] });
    expect(validate({ Upper: 1 }).ok).toBe(false);
  });

  it('checks uniqueItems by hashing: 40,000 distinct items pass, and key order does not make objects differ', () => {
    const validate = compileDataSchema({
      type: 'object',
      properties: { list: { type: 'array', uniqueItems: true } },
    });
    expect(validate({ list: Array.from({ length: 40_000 }, (_, index) => index) }).ok).toBe(true);
    expect(validate({ list: [{ a: 1, b: [2] }, 'x', { b: [2], a: 1 }] })).toEqual({
      ok: false,
      errors: [
        { field: 'data.list', message: 'must NOT have duplicate items (items ## 0 and 2 are identical)' },
      ],
    });
    expect(validate({ list: [1, '1', true, null, { a: 1 }, { a: '1' }] }).ok).toBe(true);
    expect(compileDataSchema({ properties: { list: { uniqueItems: false } } })({ list: [1, 1] }).ok).toBe(
      true,
    );
  });

  it('checks format url with a URL parser: a 160,000-character hostile string is just invalid', () => {
    const validate = compileDataSchema({ properties: { link: { type: 'string', format: 'url' } } });
    expect(validate({ link: `http://${':'.repeat(160_000)}!` }).ok).toBe(false);
    expect(validate({ link: 'https://example.com/a?b=c' }).ok).toBe(true);
    expect(validate({ link: 'mailto:someone@example.com' }).ok).toBe(false);
  });

  it('gives the same answers as ajv-formats for every format it moved to RE2', () => {
    const samples = [
      'a@example.com',
      'first.last+tag@sub.example.co',
      'not an email',
      'a@b',
      '192.168.0.1',
      '256.1.1.1',
      '::1',
      '2001:db8::8a2e:370:7334',
      '2001:db8:::1',
      '123e4567-e89b-12d3-a456-426614174000',
      'urn:uuid:123E4567-E89B-12D3-A456-426614174000',
      '/a~1b/c~0',
      '/a~2',
      '#/a/%20b',
      '0#',
      '1/a',
      'http://example.com/{id}',
      '{+path}/x',
      '//host/path?q#f',
      'rel/path',
      'http://[::1]:80/',
      '',
    ];
    const ours = tenantDataFormats();
    const native = Object.entries(ours).filter(([, format]) => format instanceof RegExp);
    expect(native.map(([name]) => name).sort()).toEqual(['duration', 'hostname']);
    for (const [name, format] of Object.entries(fullFormats)) {
      if (!(format instanceof RegExp) || name === 'url' || ours[name] instanceof RegExp) continue;
      const linear = ours[name] as (value: string) => boolean;
      for (const sample of samples) {
        expect([name, sample, linear(sample)]).toEqual([name, sample, format.test(sample)]);
      }
    }
  });
});

describe('dataSchemaProblems (registration)', () => {
  it('accepts an object schema that compiles', () => {
    expect(dataSchemaProblems({ type: 'object', required: ['id'] })).toEqual([]);
    expect(dataSchemaProblems({})).toEqual([]);
  });

  it('refuses unknown keywords, which the producer would ignore', () => {
    expect(dataSchemaProblems({ type: 'object', requird: ['id'] })).toEqual([
      { field: 'schema', message: expect.stringContaining('unknown keyword: "requird"') },
    ]);
    expect(() => compileDataSchema({ type: 'object', requird: ['id'] })).not.toThrow();
  });

  it(`refuses a schema over ${MAX_DATA_SCHEMA_BYTES} bytes or ${MAX_DATA_SCHEMA_DEPTH} levels, naming the limit`, () => {
    const large = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 2_000 }, (_, index) => [`field${index}`, { type: 'string' }]),
      ),
    };
    expect(dataSchemaProblems(large)).toEqual([
      { field: 'schema', message: expect.stringMatching(/^is \d+ bytes as JSON, over the limit of 32768$/) },
    ]);
    let deep: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 30; level++) deep = { type: 'object', properties: { a: deep } };
    expect(dataSchemaProblems(deep)).toEqual([
      { field: 'schema', message: 'is nested deeper than 48 levels' },
    ]);
    expect(() => compileDataSchema(deep)).toThrow(/nested deeper than 48 levels/);
  });

  it("ignores tenants' $id, so two tenants' schemas with the same $id both compile", () => {
    const schema = { $id: 'https://example.com/order.json', type: 'object' };
    expect(dataSchemaProblems(schema)).toEqual([]);
    expect(dataSchemaProblems(schema)).toEqual([]);
    expect(compileDataSchema(schema)({}).ok).toBe(true);
    expect(compileDataSchema(schema)({}).ok).toBe(true);
  });
});
