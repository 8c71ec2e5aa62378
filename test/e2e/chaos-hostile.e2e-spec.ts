import { HOSTILE_SCENARIOS } from '../../chaos/scenarios/hostile';
import { testChaosRow } from './chaos-row';

/**
 * The quick rows of the hostile section of docs/reliability.md, the same code `npm run chaos -- hostile`
 * runs, with smaller healthy rounds. Each asserts correctness only: the abuser's exact refusal or dead
 * letter, every healthy event delivered, 0 stuck partitions, 0 lost; the throughput figures are printed.
 */
for (const row of HOSTILE_SCENARIOS.filter((scenario) => scenario.quick))
  testChaosRow(
    row,
    'refuses the abuser exactly while the healthy tenant gets everything, with nothing stuck or lost',
    { hostileEvents: 60 },
  );
