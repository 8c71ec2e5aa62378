import { inputLimits } from '../../chaos/scenarios/input-limits';
import { testChaosRow } from './chaos-row';

/** The "input limits" row of docs/reliability.md, the same code `npm run chaos` runs. */
testChaosRow(
  inputLimits,
  'refuses oversized requests and bounds a 1 GB or hanging receiver by the timeout, with memory bounded',
);
