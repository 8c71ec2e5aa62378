import type { Scenario } from '../../support/scenario';
import { hostileDeepJson } from './deep-json';
import { hostileDeepRecord } from './deep-record';
import { hostileGzipBomb } from './gzip-bomb';
import { hostileInvalidUrl } from './invalid-url';
import { hostileManyEndpoints } from './many-endpoints';
import { hostileOversizeKeyList } from './oversize-key-list';
import { hostilePoisonHandler } from './poison-handler';
import { hostilePostgresOutage } from './postgres-outage';
import { hostileQuotaExhaustion } from './quota-exhaustion';
import { hostileRedosSchema } from './redos-schema';
import { hostileReplayStorm } from './replay-storm';
import { hostileRotationStorm } from './rotation-storm';

/**
 * The hostile section of the reliability table: one row per abuse, each beside a healthy tenant's traffic
 * (chaos/support/hostile/hostile-row.ts). `npm run chaos -- hostile` runs only these.
 */
export const HOSTILE_SCENARIOS: Scenario[] = [
  hostileGzipBomb,
  hostileRedosSchema,
  hostileDeepJson,
  hostileDeepRecord,
  hostilePoisonHandler,
  hostileQuotaExhaustion,
  hostileReplayStorm,
  hostileRotationStorm,
  hostileInvalidUrl,
  hostileOversizeKeyList,
  hostileManyEndpoints,
  hostilePostgresOutage,
];
