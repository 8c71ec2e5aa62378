import { compileDataSchema, dataSchemaProblems, type FieldError } from '@hookline/contracts';

/**
 * Every reason this JSON Schema cannot be used to validate an event's `data` (field `schema`): the same
 * compiler the producer runs (linear-time patterns, bounded size and depth), with unknown keywords refused.
 */
export function eventSchemaProblems(schema: unknown): FieldError[] {
  return dataSchemaProblems(schema);
}

/** Validates `data` against a registered schema (test events honour the tenant's schema too). */
export function dataProblems(schema: Record<string, unknown>, data: unknown): FieldError[] {
  const result = compileDataSchema(schema)(data);
  return result.ok ? [] : result.errors;
}
