import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldError } from '@hookline/contracts';

/**
 * Tenant schemas are compiled by their own Ajv (not the contracts' one): unknown keywords are refused, so
 * a typo such as `requird` is a 400 rather than a schema that silently checks nothing, while type
 * strictness is relaxed because schemas written for other validators often omit redundant `type`s.
 */
const ajv = new Ajv({
  allErrors: true,
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  validateFormats: true,
});
addFormats(ajv);

/** Every reason this JSON Schema cannot be used to validate an event's `data` (field `schema`). */
export function eventSchemaProblems(schema: unknown): FieldError[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ field: 'schema', message: 'must be a JSON Schema object, or null' }];
  }
  const declaredType = (schema as { type?: unknown }).type;
  if (declaredType !== undefined && declaredType !== 'object') {
    return [{ field: 'schema.type', message: 'must be "object": an event\'s data is always a JSON object' }];
  }
  try {
    // Compile without caching: every registration is checked afresh and nothing accumulates in memory.
    ajv.compile(withoutId(schema));
    return [];
  } catch (error) {
    return [{ field: 'schema', message: `does not compile: ${(error as Error).message}` }];
  } finally {
    ajv.removeSchema();
  }
}

/** Validates `data` against a registered schema (test events honour the tenant's schema too). */
export function dataProblems(schema: Record<string, unknown>, data: unknown): FieldError[] {
  try {
    const validate = ajv.compile(withoutId(schema));
    if (validate(data)) return [];
    return (validate.errors ?? []).map((error) => ({
      field: `data${error.instancePath.replaceAll('/', '.')}`,
      message: error.message ?? 'is invalid',
    }));
  } finally {
    ajv.removeSchema();
  }
}

/** A tenant's `$id` would name the schema inside our compiler; it means nothing to Hookline. */
function withoutId(schema: object): object {
  const copy: Record<string, unknown> = { ...schema };
  delete copy.$id;
  return copy;
}
