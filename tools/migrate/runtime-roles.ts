/**
 * Least privilege in Postgres: the migration role owns every schema and runs the DDL; each service connects
 * with a runtime role of its own that may only read and write the rows of its own schema. These are the
 * statements the migration job runs (as the owner) to give a runtime role exactly that.
 */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `DATABASE_RUNTIME_ROLES`: `schema=role` pairs, comma-separated, e.g. `producer=hookline_producer,…`. */
export function parseRuntimeRoles(text: string, schemas: readonly string[]): Map<string, string> {
  const roles = new Map<string, string>();
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const [schema, role, ...rest] = pair.split('=').map((part) => part.trim());
    if (rest.length > 0 || role === undefined || role === '')
      throw new Error(`DATABASE_RUNTIME_ROLES: "${pair}" is not schema=role`);
    if (!schemas.includes(schema))
      throw new Error(`DATABASE_RUNTIME_ROLES: ${schema} is not a schema (one of ${schemas.join(', ')})`);
    if (!ROLE_NAME.test(role))
      throw new Error(`DATABASE_RUNTIME_ROLES: ${role} is not a plain role name (lower case, digits, _)`);
    if (roles.has(schema)) throw new Error(`DATABASE_RUNTIME_ROLES: ${schema} is named twice`);
    roles.set(schema, role);
  }
  return roles;
}

/**
 * DML on every table and sequence of the schema, now and for tables later migrations create (default
 * privileges of the owner), and nothing on the migrations bookkeeping. No CREATE on the schema: the role
 * cannot change it, and without USAGE on any other schema it cannot see another service's rows.
 */
export function runtimeRoleGrants(schema: string, role: string): string[] {
  const s = `"${schema}"`;
  const r = `"${role}"`;
  return [
    `GRANT USAGE ON SCHEMA ${s} TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${r}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${s} TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${s} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`,
    `REVOKE ALL ON TABLE ${s}."migrations" FROM ${r}`,
  ];
}
