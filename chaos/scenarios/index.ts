import type { Scenario } from '../support/scenario';
import { badRecords } from './bad-records';
import { consumerKill } from './consumer-kill';
import { inputLimits } from './input-limits';
import { outboxCrash } from './outbox-crash';
import { secretsAtRest } from './secrets-at-rest';
import { retrySchedule } from './retry-schedule';
import { signatureConformance } from './signature-conformance';
import { ssrfMatrix } from './ssrf-matrix';
import { tenantIsolation } from './tenant-isolation';
import { zombieRetirement } from './zombie-retirement';

/** The rows of the reliability table, in the table's order. */
export const SCENARIOS: Scenario[] = [
  consumerKill,
  outboxCrash,
  retrySchedule,
  zombieRetirement,
  signatureConformance,
  ssrfMatrix,
  tenantIsolation,
  secretsAtRest,
  inputLimits,
  badRecords,
];
