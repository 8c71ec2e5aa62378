import { ssrfMatrix } from '../../chaos/scenarios/ssrf-matrix';
import { contextFromEnvironment, formatRun, runScenario } from '../../chaos/support/run-scenario';

/** The "SSRF matrix" row of docs/reliability.md, the same code `npm run chaos` runs. */
describe('chaos: SSRF matrix', () => {
  it(
    'refuses every blocked destination at registration and send time, and follows no redirect',
    async () => {
      const run = await runScenario(ssrfMatrix, contextFromEnvironment());
      console.log([formatRun(run), ...run.notes].join('\n  '));
      // A FAIL names what failed; a PASS has nothing to name.
      expect(run.pass ? [] : ['FAIL', ...run.notes]).toEqual([]);
    },
    ssrfMatrix.timeoutMs + 30_000,
  );
});
