import Ajv, { type ErrorObject, type JSONSchemaType, type Schema } from 'ajv';
import addFormats from 'ajv-formats';
import { isEndpointUrl } from './endpoint-url';
import type { FieldError, Validated } from './field-error';
import { MAX_JSON_DEPTH, jsonTextTooDeep, tooDeepMessage } from './json-depth';

// One compiler for every contract: schemas compile once at module load and validate at JSON speed.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv, ['date-time', 'uri', 'uri-reference', 'uuid']);
// Endpoint URLs follow the API's own rule (WHATWG URL), not RFC 3986's `uri`: see endpoint-url.ts.
ajv.addFormat('endpoint-url', { type: 'string', validate: isEndpointUrl });

export type Validator<T> = (input: unknown) => Validated<T>;

export function compileValidator<T>(schema: JSONSchemaType<T> | Schema): Validator<T> {
  const validate = ajv.compile<T>(schema);
  return (input) =>
    validate(input)
      ? { ok: true, value: input }
      : { ok: false, errors: toFieldErrors(validate.errors ?? []) };
}

function toFieldErrors(errors: ErrorObject[]): FieldError[] {
  return errors.map((error) => {
    const path = error.instancePath.slice(1).replaceAll('/', '.');
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      return { field: path ? `${path}.${missing}` : missing, message: 'is required' };
    }
    if (error.keyword === 'additionalProperties') {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      return { field: path ? `${path}.${extra}` : extra, message: 'is not an allowed property' };
    }
    return { field: path || '(root)', message: error.message ?? 'is invalid' };
  });
}

/**
 * Parses a Kafka record value or HTTP body; bad JSON is a field error on the root, not an exception. So is
 * JSON nested deeper than `maxDepth` (checked before parsing): such a record is invalid, not retried.
 */
export function parseJson(
  raw: Buffer | string | null | undefined,
  maxDepth: number = MAX_JSON_DEPTH,
): Validated<unknown> {
  if (raw === null || raw === undefined || raw.length === 0) {
    return { ok: false, errors: [{ field: '(root)', message: 'is empty' }] };
  }
  if (jsonTextTooDeep(raw, maxDepth)) {
    return { ok: false, errors: [{ field: '(root)', message: tooDeepMessage(maxDepth) }] };
  }
  try {
    return { ok: true, value: JSON.parse(raw.toString()) as unknown };
  } catch (error) {
    return {
      ok: false,
      errors: [{ field: '(root)', message: `is not valid JSON (${(error as Error).message})` }],
    };
  }
}
