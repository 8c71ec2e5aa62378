import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Validated } from './field-error';

// Tenant schemas are not ours: a lenient compiler (unknown keywords ignored) rather than the strict one
// that checks Hookline's own contracts.
const tenantAjv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
addFormats(tenantAjv);

export type DataValidator = (data: unknown) => Validated<Record<string, unknown>>;

/**
 * Compiles a tenant-registered JSON Schema for an event type's `data`. Throws when the schema itself does not
 * compile (the subscription service can call this at registration to refuse such a schema). Errors name the
 * field under `data`, e.g. `data.amount`.
 */
export function compileDataSchema(schema: Record<string, unknown>): DataValidator {
  const validate = tenantAjv.compile(schema);
  return (data) => {
    if (validate(data)) return { ok: true, value: data as Record<string, unknown> };
    return {
      ok: false,
      errors: (validate.errors ?? []).map((error) => {
        const path = ['data', ...error.instancePath.split('/').slice(1)];
        if (error.keyword === 'required') {
          path.push(String((error.params as { missingProperty: string }).missingProperty));
          return { field: path.join('.'), message: 'is required' };
        }
        if (error.keyword === 'additionalProperties') {
          path.push(String((error.params as { additionalProperty: string }).additionalProperty));
          return { field: path.join('.'), message: 'is not an allowed property' };
        }
        return { field: path.join('.'), message: error.message ?? 'is invalid' };
      }),
    };
  };
}
