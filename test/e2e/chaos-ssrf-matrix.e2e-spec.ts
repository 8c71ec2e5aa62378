import { ssrfMatrix } from '../../chaos/scenarios/ssrf-matrix';
import { testChaosRow } from './chaos-row';

/** The "SSRF matrix" row of docs/reliability.md, the same code `npm run chaos` runs. */
testChaosRow(
  ssrfMatrix,
  'refuses every blocked destination at registration and send time, and follows no redirect',
);
