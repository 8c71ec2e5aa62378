import type { Scenario } from '../support/scenario';
import { badRecords } from './bad-records';
import { brokerRestart } from './broker-restart';
import { consumerKill } from './consumer-kill';
import { HOSTILE_SCENARIOS } from './hostile';
import { inputLimits } from './input-limits';
import { noisyNeighbour } from './noisy-neighbour';
import { outboxCrash } from './outbox-crash';
import { secretsAtRest } from './secrets-at-rest';
import { retrySchedule } from './retry-schedule';
import { scaleLimits } from './scale-limits';
import { signatureConformance } from './signature-conformance';
import { ssrfMatrix } from './ssrf-matrix';
import { tenantIsolation } from './tenant-isolation';
import { zombieRetirement } from './zombie-retirement';
import { healthReplicas } from './health-replicas';
import { replayHandover } from './replay-handover';
import { replicaKill } from './replica-kill';
import { rollingRestart } from './rolling-restart';

/** The rows of the reliability table, in the table's order. */
export const SCENARIOS: Scenario[] = [
  consumerKill,
  brokerRestart,
  outboxCrash,
  retrySchedule,
  zombieRetirement,
  noisyNeighbour,
  scaleLimits,
  signatureConformance,
  ssrfMatrix,
  tenantIsolation,
  secretsAtRest,
  inputLimits,
  badRecords,
  // Scale-out (issue 13): several processes per service.
  replicaKill,
  rollingRestart,
  healthReplicas,
  replayHandover,
  ...HOSTILE_SCENARIOS,
];
