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
  ])('refuses %j on %s', (schema, field, message) => {
    const problems = eventSchemaProblems(schema);
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(field);
    expect(problems[0].message).toMatch(message);
  });
});

describe('dataProblems', () => {
  it('names each field of data that breaks the schema', () => {
    expect(dataProblems(customerSchema, { name: 'Ada' })).toEqual([]);
    const problems = dataProblems(customerSchema, { email: 'not-an-email' });
    expect(problems.map((problem) => problem.field).sort()).toEqual(['data', 'data.email']);
  });
});
