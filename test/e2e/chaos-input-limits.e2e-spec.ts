import { inputLimits } from '../../chaos/scenarios/input-limits';
import { contextFromEnvironment, formatRun, runScenario } from '../../chaos/support/run-scenario';

/** The "input limits" row of docs/reliability.md, the same code `npm run chaos` runs. */
describe('chaos: input limits', () => {
  it(
    'refuses oversized requests and bounds a 1 GB or hanging receiver by the timeout, with memory bounded',
    async () => {
      const run = await runScenario(inputLimits, contextFromEnvironment());
      console.log([formatRun(run), ...run.notes].join('\n  '));
      // A FAIL names what failed; a PASS has nothing to name.
      expect(run.pass ? [] : ['FAIL', ...run.notes]).toEqual([]);
    },
    inputLimits.timeoutMs + 30_000,
  );
});
