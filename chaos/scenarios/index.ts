import type { Scenario } from '../support/scenario';
import { consumerKill } from './consumer-kill';
import { retrySchedule } from './retry-schedule';
import { ssrfMatrix } from './ssrf-matrix';

/** The rows of the reliability table, in the table's order. */
export const SCENARIOS: Scenario[] = [consumerKill, retrySchedule, ssrfMatrix];
