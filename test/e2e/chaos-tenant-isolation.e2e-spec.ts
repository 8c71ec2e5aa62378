import { tenantIsolation } from '../../chaos/scenarios/tenant-isolation';
import { testChaosRow } from './chaos-row';

/** The "tenant isolation" row of docs/reliability.md, the same code `npm run chaos` runs. */
testChaosRow(
  tenantIsolation,
  'answers 404 to tenant B on every route with tenant A’s ids and leaks none of them',
);
