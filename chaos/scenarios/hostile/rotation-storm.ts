import { waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { makeEvents } from '../../support/chaos-platform';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

/** The default liveSecretsPerEndpoint quota (TENANT_QUOTA_LIVE_SECRETS_PER_ENDPOINT). */
const LIVE_SECRETS = 5;
const MAX_ROTATIONS = 120;
const EVENTS_AFTER = 20;

/**
 * A tenant rotates one endpoint's secret in a loop, each rotation keeping the previous secrets signing for
 * the default 24 h overlap, for as long as the healthy tenant publishes: every live secret is a signature on
 * every request and an entry in the endpoint's records. Past the quota each rotation must be a 409 naming
 * it; a rotation with `overlapSeconds: 0` retires the others and goes through; the endpoint still gets its
 * events afterwards.
 */
export const hostileRotationStorm = hostileRow({
  abuse: 'rotation storm',
  refusal: `409 QUOTA_EXCEEDED liveSecretsPerEndpoint limit ${LIVE_SECRETS} past ${LIVE_SECRETS} live secrets; overlapSeconds 0 always fits`,
  // Not in npm test until a run on this machine has shown it passing (see docs/reliability.md).
  quick: false,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('rotator');
    const endpoint = await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/rotated'),
      eventTypes: ['rotate.*'],
    });
    const rotate = (overlapSeconds?: number) =>
      rawRequest(`${chaos.url('subscription')}/v1/endpoints/${endpoint.id}/secret/rotate`, {
        headers: { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(overlapSeconds === undefined ? {} : { overlapSeconds }),
      });
    const accepted = new Set<string>();
    const arrived = () => new Set(receiver.succeeded('/rotated').map((receipt) => receipt.eventId));

    return {
      async run(healthyRunning) {
        const answers: RawAnswer[] = [];
        const retirements: RawAnswer[] = [];
        for (let i = 0; i < MAX_ROTATIONS && (i < LIVE_SECRETS + 1 || healthyRunning()); i++) {
          const answer = await rotate();
          answers.push(answer);
          if (answer.status === 409) retirements.push(await rotate(0));
        }
        const refused = answers.filter((a) => a.status !== 200 && a.status !== 201);
        const failures: string[] = [];
        const inexact = refused.filter((a) => {
          const quota = a.body.quota as Record<string, unknown> | undefined;
          const overQuota =
            a.status === 409 &&
            a.body.code === 'QUOTA_EXCEEDED' &&
            quota?.name === 'liveSecretsPerEndpoint' &&
            quota.limit === LIVE_SECRETS;
          const rateLimited = a.status === 429 && a.body.code === 'RATE_LIMITED';
          return !overQuota && !rateLimited;
        });
        if (inexact.length > 0)
          failures.push(`${inexact.length} rotations answered ${describeAnswer(inexact[0])}`);
        const firstRefusal = answers.findIndex((a) => a.status === 409);
        if (firstRefusal !== LIVE_SECRETS - 1)
          failures.push(
            `the first 409 was rotation ${firstRefusal + 1}, not ${LIVE_SECRETS} (1 + ${LIVE_SECRETS - 1} live)`,
          );
        const badRetirements = retirements.filter((a) => a.status !== 200 && a.status !== 201);
        if (badRetirements.length > 0)
          failures.push(
            `${badRetirements.length} rotations with overlap 0 answered ${describeAnswer(badRetirements[0])}`,
          );
        const overQuota = refused.filter((a) => a.status === 409);
        return {
          got: [
            `${overQuota.length}/${answers.length}× ${overQuota[0] === undefined ? '-' : describeAnswer(overQuota[0])}`,
          ],
          failures,
          figures: {
            rotations: answers.length,
            rotated: answers.length - refused.length,
            retired_with_overlap_0: retirements.length,
          },
        };
      },
      async settle() {
        const events = makeEvents(abuser.id, 'rotate.created', EVENTS_AFTER, `rotated_${shortId()}`);
        for (const id of await chaos.publish(events)) accepted.add(id);
        await waitFor(() => [...accepted].every((id) => arrived().has(id)), {
          what: "the rotated endpoint's events",
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...accepted].filter((id) => !delivered.has(id)).length;
        return {
          got: [],
          failures: [],
          lost,
          figures: { delivered_after_storm: `${accepted.size - lost}/${accepted.size}` },
        };
      },
    };
  },
});
