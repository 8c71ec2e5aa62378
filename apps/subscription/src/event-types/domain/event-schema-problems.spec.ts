import { dataProblems, eventSchemaProblems } from './event-schema-problems';

const customerSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, email: { type: 'string', format: 'email' } },
};

describe('eventSchemaProblems', () => {
  it('accepts a schema that compiles', () => {
    expect(eventSchemaProblems(customerSchema)).toEqual([]);
    expect(eventSchemaProblems({})).toEqual([]);
  });

  it.each([
    [[], 'schema', /JSON Schema object/],
    ['string', 'schema', /JSON Schema object/],
    [{ type: 'string' }, 'schema.type', /must be "object"/],
    [{ type: 'object', properties: { n: { type: 'nonsense' } } }, 'schema', /does not compile/],
    [{ type: 'object', requird: ['name'] }, 'schema', /unknown keyword: "requird"/],
    [
      { type: 'object', properties: { a: { $ref: 'https://elsewhere.example/schema.json' } } },
      'schema',
      /does not compile/,
    ],
    [{ type: 'object', properties: { p: { type: 'string', pattern: '(' } } }, 'schema', /does not compile/],
    [
      { type: 'object', properties: { p: { type: 'string', pattern: '(?<!x)y' } } },
      'schema',
      /does not compile/,
    ],
  ])('refuses %j on %s', (schema, field, message) => {
    const problems = eventSchemaProblems(schema);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });
});

describe('eventSchemaProblems limits', () => {
  it('refuses a schema larger than 32 KiB, naming the limit', () => {
    expect(eventSchemaProblems({ type: 'object', description: 'x'.repeat(40_000) })).toEqual([
      { field: 'schema', message: 'is 40034 bytes as JSON, over the limit of 32768' },
    ]);
  });
});

describe('dataProblems', () => {
  it('names each field of data that breaks the schema', () => {
    expect(dataProblems(customerSchema, { name: 'Ada' })).toEqual([]);
    const problems = dataProblems(customerSchema, { email: 'not-an-email' });
    expect(problems.map((problem) => problem.field).sort()).toEqual(['data.email', 'data.name']);
  });

  it('runs a registered ReDoS pattern in linear time: the long hostile value is just a field error', () => {
    const schema = { type: 'object', properties: { name: { type: 'string', pattern: '^(a|aa)+$' } } };
    expect(eventSchemaProblems(schema)).toEqual([]);
    expect(dataProblems(schema, { name: `${'a'.repeat(50_000)}b` })).toEqual([
      { field: 'data.name', message: 'must match pattern "^(a|aa)+$"' },
    ]);
  });
});
