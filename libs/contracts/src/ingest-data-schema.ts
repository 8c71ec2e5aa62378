import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import type { FieldError, Validated } from './field-error';
import { jsonValueTooDeep } from './json-depth';
import { createTenantSchemaCompiler } from './tenant-schema-compiler';

/** Largest tenant JSON Schema for an event type's `data`, as JSON bytes. */
export const MAX_DATA_SCHEMA_BYTES = 32 * 1024;
/** Deepest a tenant JSON Schema may nest (its record and the registration body wrap it in more levels). */
export const MAX_DATA_SCHEMA_DEPTH = 48;

const lenient = createTenantSchemaCompiler(false);
const strict = createTenantSchemaCompiler(true);

export type DataValidator = (data: unknown) => Validated<Record<string, unknown>>;

/**
 * Compiles a tenant-registered JSON Schema for an event type's `data`. Throws when the schema itself cannot
 * be used (too large, too deep, or it does not compile: e.g. a pattern RE2 cannot run). Errors name the field
 * under `data`, e.g. `data.amount`.
 */
export function compileDataSchema(schema: Record<string, unknown>): DataValidator {
  const limits = dataSchemaLimitProblems(schema);
  if (limits.length > 0) throw new Error(`schema ${limits[0].message}`);
  const validate = compileUncached(lenient, schema);
  return (data) => {
    if (validate(data)) return { ok: true, value: data as Record<string, unknown> };
    return { ok: false, errors: (validate.errors ?? []).map(toDataError) };
  };
}

/**
 * Every reason this JSON Schema cannot be registered for an event type's `data` (fields under `schema`):
 * not an object schema, over the size or depth limit, or not compiling under the strict rules.
 */
export function dataSchemaProblems(schema: unknown): FieldError[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ field: 'schema', message: 'must be a JSON Schema object, or null' }];
  }
  const declaredType = (schema as { type?: unknown }).type;
  if (declaredType !== undefined && declaredType !== 'object') {
    return [{ field: 'schema.type', message: 'must be "object": an event\'s data is always a JSON object' }];
  }
  const limits = dataSchemaLimitProblems(schema as Record<string, unknown>);
  if (limits.length > 0) return limits;
  try {
    compileUncached(strict, schema as Record<string, unknown>);
    return [];
  } catch (error) {
    return [{ field: 'schema', message: `does not compile: ${(error as Error).message}` }];
  }
}

function dataSchemaLimitProblems(schema: Record<string, unknown>): FieldError[] {
  // Depth first: the schema arrived through a depth-limited parser, but measure before stringifying anyway.
  if (jsonValueTooDeep(schema, MAX_DATA_SCHEMA_DEPTH)) {
    return [{ field: 'schema', message: `is nested deeper than ${MAX_DATA_SCHEMA_DEPTH} levels` }];
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > MAX_DATA_SCHEMA_BYTES) {
    return [
      { field: 'schema', message: `is ${bytes} bytes as JSON, over the limit of ${MAX_DATA_SCHEMA_BYTES}` },
    ];
  }
  return [];
}

/**
 * Compiles without leaving the schema in Ajv's registry: nothing accumulates as versions come and go, and a
 * tenant's `$id` (meaningless to Hookline) cannot collide with another tenant's.
 */
function compileUncached(ajv: Ajv, schema: Record<string, unknown>) {
  const copy: Record<string, unknown> = { ...schema };
  delete copy.$id;
  try {
    return ajv.compile(copy);
  } finally {
    ajv.removeSchema(copy);
  }
}

function toDataError(error: ErrorObject): FieldError {
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
}
