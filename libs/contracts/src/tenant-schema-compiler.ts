import Ajv from 'ajv';
import { linearRegExp } from './linear-regexp';
import { linearUniqueItems } from './linear-unique-items';
import { tenantDataFormats } from './tenant-data-formats';

/**
 * The one Ajv set-up for tenant-registered schemas, shared by the subscription service (registration, test
 * events) and the producer (every event of the type), so what registration accepted is what the producer
 * runs. Tenant schemas are not ours, so nothing in them may cost more than linear time in the data: patterns
 * run on RE2, `uniqueItems` hashes instead of comparing every pair, formats avoid backtracking expressions.
 *
 * `strict` (registration) refuses unknown keywords, so a typo such as `requird` is a 400 rather than a
 * schema that silently checks nothing; the producer compiles leniently what registration already checked
 * (records written before a rule existed must not stop a tenant's events).
 */
export function createTenantSchemaCompiler(strict: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    allowUnionTypes: true,
    validateFormats: true,
    code: { regExp: linearRegExp },
    formats: tenantDataFormats(),
    ...(strict
      ? { strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false }
      : { strict: false, logger: false }),
  });
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword(linearUniqueItems);
  return ajv;
}
