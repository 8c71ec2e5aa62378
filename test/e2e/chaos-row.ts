import { contextFromEnvironment, formatRun, runScenario } from '../../chaos/support/run-scenario';
import type { ChaosScale, Scenario } from '../../chaos/support/scenario';

/**
 * One quick row of docs/reliability.md as a jest test: the same scenario code `npm run chaos` runs, passing
 * when the row PASSes. The row's line and notes are printed, so a FAIL names what failed.
 */
export function testChaosRow(scenario: Scenario, behaviour: string, scale: Partial<ChaosScale> = {}): void {
  describe(`chaos: ${scenario.name}`, () => {
    it(
      behaviour,
      async () => {
        const base = contextFromEnvironment();
        const run = await runScenario(scenario, { ...base, scale: { ...base.scale, ...scale } });
        console.log([formatRun(run), ...run.notes].join('\n  '));
        expect(run.pass ? [] : ['FAIL', ...run.notes]).toEqual([]);
      },
      scenario.timeoutMs + 30_000,
    );
  });
}
