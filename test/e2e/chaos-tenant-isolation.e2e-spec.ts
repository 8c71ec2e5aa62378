import { tenantIsolation } from '../../chaos/scenarios/tenant-isolation';
import { contextFromEnvironment, formatRun, runScenario } from '../../chaos/support/run-scenario';

/** The "tenant isolation" row of docs/reliability.md, the same code `npm run chaos` runs. */
describe('chaos: tenant isolation', () => {
  it(
    'answers 404 to tenant B on every route with tenant A’s ids and leaks none of them',
    async () => {
      const run = await runScenario(tenantIsolation, contextFromEnvironment());
      console.log([formatRun(run), ...run.notes].join('\n  '));
      // A FAIL names what failed; a PASS has nothing to name.
      expect(run.pass ? [] : ['FAIL', ...run.notes]).toEqual([]);
    },
    tenantIsolation.timeoutMs + 30_000,
  );
});
