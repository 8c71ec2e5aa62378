import { parseRuntimeRoles, runtimeRoleGrants } from './runtime-roles';

const SCHEMAS = ['producer', 'subscription', 'delivery', 'health'];

describe('parseRuntimeRoles', () => {
  it('reads schema=role pairs', () => {
    expect([...parseRuntimeRoles(' producer=hl_producer, health=hl_health ,', SCHEMAS)]).toEqual([
      ['producer', 'hl_producer'],
      ['health', 'hl_health'],
    ]);
    expect(parseRuntimeRoles('', SCHEMAS).size).toBe(0);
  });

  it.each([
    ['producer', /not schema=role/],
    ['producer=', /not schema=role/],
    ['billing=hl_billing', /billing is not a schema/],
    ['producer=hl-producer', /not a plain role name/],
    ['producer="x"; DROP TABLE', /not a plain role name/],
    ['producer=a,producer=b', /producer is named twice/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRuntimeRoles(text, SCHEMAS)).toThrow(message);
  });
});

describe('runtimeRoleGrants', () => {
  it('grants DML on the schema only, for later tables too, and nothing on the migrations table', () => {
    const grants = runtimeRoleGrants('health', 'hl_health');
    expect(grants).toContain(
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "health" TO "hl_health"',
    );
    expect(grants.some((grant) => grant.startsWith('ALTER DEFAULT PRIVILEGES IN SCHEMA "health"'))).toBe(
      true,
    );
    expect(grants).toContain('REVOKE ALL ON TABLE "health"."migrations" FROM "hl_health"');
    expect(grants.join('\n')).not.toMatch(/CREATE|ALL PRIVILEGES|TRUNCATE/);
  });
});
