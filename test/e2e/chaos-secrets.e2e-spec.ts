import { secretsAtRest } from '../../chaos/scenarios/secrets-at-rest';
import { testChaosRow } from './chaos-row';

/** The "secrets at rest and in logs" row of docs/reliability.md, the same code `npm run chaos` runs. */
testChaosRow(
  secretsAtRest,
  'finds no issued key, secret or token in plaintext in the database, the logs or any topic',
);
