import { parseSubmission } from './parse-submission';
import type { Submission } from './submission';
import { tokenScopeProblems } from './token-scope';

const event = (tenant: string) => ({ type: 'order.created', subject: 's1', tenant, data: {} });

function submission(body: unknown): Submission {
  const parsed = parseSubmission(body, { maxBatchSubjects: 10, batchIdFor: () => 'b' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('tokenScopeProblems', () => {
  const bound = { tenants: new Set(['tenantA', 'tenantB']) };

  it('lets a platform-wide token publish for any tenant', () => {
    expect(tokenScopeProblems({}, submission(event('anyone')))).toEqual([]);
  });

  it('lets a bound token publish for its tenants only, naming each event it may not', () => {
    expect(tokenScopeProblems(bound, submission([event('tenantA'), event('tenantB')]))).toEqual([]);
    expect(tokenScopeProblems(bound, submission(event('tenantC')))).toEqual([
      { field: 'tenant', message: '"tenantC" is not a tenant this ingest token may publish for' },
    ]);
    expect(tokenScopeProblems(bound, submission([event('tenantA'), event('tenantC')]))).toEqual([
      { field: '[1].tenant', message: '"tenantC" is not a tenant this ingest token may publish for' },
    ]);
  });

  it("checks a batch operation's tenant", () => {
    const batch = { type: 'order.deleted', tenant: 'tenantC', subjects: ['a', 'b'] };
    expect(tokenScopeProblems(bound, submission(batch))).toEqual([
      { field: 'tenant', message: '"tenantC" is not a tenant this ingest token may publish for' },
    ]);
  });
});
