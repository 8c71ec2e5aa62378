import type { FieldError } from '@hookline/contracts';
import { tenantOf, type Submission } from './submission';

/** What an ingest token may publish: for the tenants it is bound to, or (no `tenants`) for any tenant. */
export interface TokenScope {
  tenants?: ReadonlySet<string>;
}

const MAX_ERRORS = 100;

/** Every event of the submission whose tenant the token is not bound to (none for a platform-wide token). */
export function tokenScopeProblems(scope: TokenScope, submission: Submission): FieldError[] {
  const { tenants } = scope;
  if (tenants === undefined) return [];
  const refused = (tenant: string) => `"${tenant}" is not a tenant this ingest token may publish for`;
  if (submission.kind === 'batch') {
    const tenant = tenantOf(submission.header);
    return tenants.has(tenant) ? [] : [{ field: 'tenant', message: refused(tenant) }];
  }
  const errors: FieldError[] = [];
  submission.events.forEach((event, index) => {
    const tenant = tenantOf(event);
    if (!tenants.has(tenant)) {
      errors.push({ field: submission.single ? 'tenant' : `[${index}].tenant`, message: refused(tenant) });
    }
  });
  return errors.slice(0, MAX_ERRORS);
}
