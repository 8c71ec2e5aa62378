import { secretsAtRest } from '../../chaos/scenarios/secrets-at-rest';
import { contextFromEnvironment, formatRun, runScenario } from '../../chaos/support/run-scenario';

/** The "secrets at rest and in logs" row of docs/reliability.md, the same code `npm run chaos` runs. */
describe('chaos: secrets at rest and in logs', () => {
  it(
    'finds no issued key, secret or token in plaintext in the database, the logs or any topic',
    async () => {
      const run = await runScenario(secretsAtRest, contextFromEnvironment());
      console.log([formatRun(run), ...run.notes].join('\n  '));
      // A FAIL names what failed; a PASS has nothing to name.
      expect(run.pass ? [] : ['FAIL', ...run.notes]).toEqual([]);
    },
    secretsAtRest.timeoutMs + 30_000,
  );
});
