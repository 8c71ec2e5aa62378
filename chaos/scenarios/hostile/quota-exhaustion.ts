import { waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

const ENDPOINTS = 3;
const TEST_EVENTS_PER_MINUTE = 3;
/** Low per-process rates, so a loop of plain requests reaches them in a second. */
const KEY_RATE = { API_KEY_RATE_PER_SECOND: '10', API_KEY_RATE_BURST: '20' };
const TOKEN_RATE = { INGEST_TOKEN_RATE_PER_SECOND: '20', INGEST_TOKEN_RATE_BURST: '40' };
/** Concurrent requests per burst: past both bursts (20 and 40). */
const BURST = 60;
const MAX_BURSTS = 30;

/**
 * One tenant uses up everything it can: endpoints to its quota (409), test events to the minute's quota
 * (429 + Retry-After), its API key's request rate on the subscription API and its ingest token's rate on the
 * producer (429 RATE_LIMITED + Retry-After), the last two in a loop for as long as the healthy tenant (its
 * own key and token) publishes. Every flood event the producer accepted must still be delivered.
 */
export const hostileQuotaExhaustion = hostileRow({
  abuse: 'quota exhaustion',
  refusal:
    '409 QUOTA_EXCEEDED (endpoints), 429 QUOTA_EXCEEDED + Retry-After (test events), 429 RATE_LIMITED + Retry-After (key and token rates)',
  // Not in npm test until a run on this machine has shown it passing (see docs/reliability.md).
  quick: false,
  platform: {
    serviceEnv: { subscription: KEY_RATE, delivery: KEY_RATE, health: KEY_RATE, producer: TOKEN_RATE },
  },
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('greedy');
    const override = await chaos.call(
      'subscription',
      'PATCH',
      `/v1/tenants/${abuser.id}/quotas`,
      chaos.secrets.operatorToken,
      {
        endpoints: ENDPOINTS,
        testEventsPerMinute: TEST_EVENTS_PER_MINUTE,
      },
    );
    if (override.status !== 200) throw new Error(`the quota override answered ${override.status}`);
    const secondKey = await chaos.call('subscription', 'POST', '/v1/api-keys', abuser.apiKey, {
      name: 'hammer',
    });
    const hammerKey = secondKey.body.apiKey;
    if (secondKey.status !== 201 || typeof hammerKey !== 'string')
      throw new Error(`a second API key answered ${secondKey.status}`);
    const flood = await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/flood'),
      eventTypes: ['flood.*'],
    });
    const json = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const floodAccepted = new Set<string>();
    // The flood endpoint must route before the run, so "accepted and not delivered" means lost.
    await waitFor(
      async () => {
        const id = `flood_probe_${shortId()}`;
        await chaos.publish([{ id, type: 'flood.created', subject: 'p', tenant: abuser.id, data: {} }]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return receiver.succeeded('/flood').length > 0;
      },
      { what: 'the flood endpoint to route', timeoutMs: 60_000, intervalMs: 1 },
    );

    return {
      async run(healthyRunning) {
        const endpoints: RawAnswer[] = [];
        for (let i = 0; i <= ENDPOINTS && (endpoints.at(-1)?.status ?? 201) === 201; i++)
          endpoints.push(
            await rawRequest(`${chaos.url('subscription')}/v1/endpoints`, {
              headers: json(abuser.apiKey),
              body: JSON.stringify({ url: receiver.url('/quota'), eventTypes: ['other.*'] }),
            }),
          );
        const tests: RawAnswer[] = [];
        for (let i = 0; i <= TEST_EVENTS_PER_MINUTE * 2 && (tests.at(-1)?.status ?? 202) < 300; i++)
          tests.push(
            await rawRequest(`${chaos.url('subscription')}/v1/endpoints/${flood.id}/test`, {
              headers: json(abuser.apiKey),
              body: JSON.stringify({ eventType: 'flood.tested' }),
            }),
          );
        const reads: RawAnswer[] = [];
        const publishes: RawAnswer[] = [];
        // Bursts of concurrent requests, each past the key's and the token's burst, so the rate is exceeded
        // however slowly this machine answers one request.
        for (let burst = 0; burst < MAX_BURSTS && (burst < 2 || healthyRunning()); burst++) {
          const [read, published] = await Promise.all([
            Promise.all(
              Array.from({ length: BURST }, () =>
                rawRequest(`${chaos.url('subscription')}/v1/endpoints`, {
                  method: 'GET',
                  headers: json(hammerKey),
                }),
              ),
            ),
            Promise.all(
              Array.from({ length: BURST }, async (_, i) => {
                const id = `flood_${burst}_${i}_${shortId()}`;
                const answer = await rawRequest(`${chaos.url('producer')}/v1/events`, {
                  headers: json(chaos.secrets.ingestToken),
                  body: JSON.stringify({
                    id,
                    type: 'flood.created',
                    subject: 'f',
                    tenant: abuser.id,
                    data: {},
                  }),
                });
                if (answer.status === 202) floodAccepted.add(id);
                return answer;
              }),
            ),
          ]);
          reads.push(...read);
          publishes.push(...published);
        }
        const failures: string[] = [];
        const endpointRefusal = endpoints.at(-1)!;
        const quota = endpointRefusal.body.quota as Record<string, unknown> | undefined;
        if (
          endpointRefusal.status !== 409 ||
          endpointRefusal.body.code !== 'QUOTA_EXCEEDED' ||
          quota?.name !== 'endpoints' ||
          quota.limit !== ENDPOINTS
        )
          failures.push(`endpoint ${endpoints.length} answered ${describeAnswer(endpointRefusal)}`);
        const testRefusal = tests.at(-1)!;
        if (
          testRefusal.status !== 429 ||
          testRefusal.body.code !== 'QUOTA_EXCEEDED' ||
          !(Number(testRefusal.headers['retry-after']) >= 1)
        )
          failures.push(`test event ${tests.length} answered ${describeAnswer(testRefusal)}`);
        const rateLimited = (answers: RawAnswer[], what: string, ok: number) => {
          const refused = answers.filter((a) => a.status === 429);
          const other = answers.filter((a) => a.status !== 429 && a.status !== ok);
          if (refused.length === 0)
            failures.push(`${what}: never rate limited in ${answers.length} requests`);
          const inexact = refused.filter(
            (a) => a.body.code !== 'RATE_LIMITED' || !(Number(a.headers['retry-after']) >= 1),
          );
          if (inexact.length > 0) failures.push(`${what}: ${describeAnswer(inexact[0])}`);
          if (other.length > 0)
            failures.push(`${what}: ${other.length} answered ${describeAnswer(other[0])}`);
          return refused;
        };
        const readRefusals = rateLimited(reads, 'GET /v1/endpoints', 200);
        const publishRefusals = rateLimited(publishes, 'POST /v1/events', 202);
        return {
          got: [
            `endpoint #${endpoints.length}: ${describeAnswer(endpointRefusal)}`,
            `test event #${tests.length}: ${describeAnswer(testRefusal)}`,
            `key ${readRefusals.length}/${reads.length}× ${readRefusals[0] === undefined ? '-' : describeAnswer(readRefusals[0])}`,
            `token ${publishRefusals.length}/${publishes.length}× ${publishRefusals[0] === undefined ? '-' : describeAnswer(publishRefusals[0])}`,
          ],
          failures,
          figures: { flood_accepted: floodAccepted.size },
        };
      },
      async settle() {
        const arrived = () => new Set(receiver.succeeded('/flood').map((receipt) => receipt.eventId));
        await waitFor(() => [...floodAccepted].every((id) => arrived().has(id)), {
          what: "the abuser's accepted flood events",
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...floodAccepted].filter((id) => !delivered.has(id)).length;
        return {
          got: [],
          failures: [],
          lost,
          figures: { flood_delivered: `${floodAccepted.size - lost}/${floodAccepted.size}` },
        };
      },
    };
  },
});
