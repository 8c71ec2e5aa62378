import { waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { makeEvents } from '../../support/chaos-platform';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

const EVENTS = 100;
/** The default concurrentReplays quota (TENANT_QUOTA_CONCURRENT_REPLAYS). */
const CONCURRENT_REPLAYS = 2;
const STORM = 20;
const MAX_STORMS = 10;

/**
 * One tenant asks for 20 replays of its endpoint at once, again every half second for as long as the
 * healthy tenant publishes: each replay starts a Kafka consumer of its own and feeds the immediate lane
 * every tenant shares. At most the quota may run at once; every other request is a 409 naming it; every
 * replay that started must complete.
 */
export const hostileReplayStorm = hostileRow({
  abuse: 'replay storm',
  refusal: `409 QUOTA_EXCEEDED concurrentReplays limit ${CONCURRENT_REPLAYS} beyond ${CONCURRENT_REPLAYS} at once; every started replay completes`,
  // Not in npm test until a run on this machine has shown it passing (see docs/reliability.md).
  quick: false,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('replayer');
    const since = new Date(Date.now() - 1_000).toISOString();
    const endpoint = await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/replay'),
      eventTypes: ['replay.*'],
    });
    const delivered = () => new Set(receiver.succeeded('/replay').map((receipt) => receipt.eventId));
    const ids = new Set<string>();
    // Delivery routes to the endpoint once the record reaches its replica: publish until the first arrives.
    await waitFor(
      async () => {
        const events = makeEvents(abuser.id, 'replay.created', 1, `replay_probe_${shortId()}`);
        await chaos.publish(events);
        events.forEach((event) => ids.add(event.id));
        await new Promise((resolve) => setTimeout(resolve, 500));
        return delivered().size > 0;
      },
      { what: 'the replayed endpoint to route', timeoutMs: 60_000, intervalMs: 1 },
    );
    for (const id of await chaos.publish(
      makeEvents(abuser.id, 'replay.created', EVENTS, `replay_${shortId()}`),
    ))
      ids.add(id);
    await waitFor(() => [...ids].every((id) => delivered().has(id)), {
      what: `the ${EVENTS} events to replay delivered once`,
      timeoutMs: 60_000,
    });
    const replay = () =>
      rawRequest(`${chaos.url('delivery')}/v1/endpoints/${endpoint.id}/replay`, {
        headers: { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ since }),
      });
    const started: string[] = [];
    // How many of its replays the delivery service counts as running, sampled from the storm's start until
    // every started replay finished. (The replays' own createdAt cannot say this: it is stamped before the
    // request waits for the tenant's lock, so a replay admitted after another finished seems to overlap it.)
    // A key of its own, so the sampling does not spend the storm's request rate.
    const watcher = await chaos.call('subscription', 'POST', '/v1/api-keys', abuser.apiKey, {
      name: 'watcher',
    });
    const watcherKey = watcher.body.apiKey;
    if (watcher.status !== 201 || typeof watcherKey !== 'string')
      throw new Error(`a second API key answered ${watcher.status}`);
    const runningSamples: number[] = [];
    let sampling = false;
    const sampleRunning = async () => {
      while (sampling) {
        const quotas = await chaos
          .call('delivery', 'GET', '/v1/quotas/delivery', watcherKey)
          .catch(() => undefined);
        const usage = (quotas?.body.quotas as Record<string, { usage?: unknown }> | undefined)
          ?.concurrentReplays?.usage;
        if (typeof usage === 'number') runningSamples.push(usage);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    let sampler: Promise<void> = Promise.resolve();

    return {
      async run(healthyRunning) {
        const answers: RawAnswer[] = [];
        sampling = true;
        sampler = sampleRunning();
        for (let storm = 0; storm < MAX_STORMS && (storm === 0 || healthyRunning()); storm++) {
          const burst = await Promise.all(Array.from({ length: STORM }, replay));
          answers.push(...burst);
          started.push(...burst.filter((a) => a.status === 202).map((a) => String(a.body.id)));
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const first = answers.slice(0, STORM);
        const failures: string[] = [];
        const accepted = first.filter((a) => a.status === 202).length;
        const refused = answers.filter((a) => a.status !== 202);
        const inexact = refused.filter((a) => {
          const quota = a.body.quota as Record<string, unknown> | undefined;
          return (
            a.status !== 409 ||
            a.body.code !== 'QUOTA_EXCEEDED' ||
            quota?.name !== 'concurrentReplays' ||
            quota.limit !== CONCURRENT_REPLAYS
          );
        });
        if (inexact.length > 0)
          failures.push(`${inexact.length} refusals were ${describeAnswer(inexact[0])}`);
        return {
          got: [
            `${refused.length}/${answers.length}× ${refused[0] === undefined ? '-' : describeAnswer(refused[0])}`,
          ],
          failures,
          figures: {
            replay_requests: answers.length,
            replays_started: started.length,
            first_storm_started: accepted,
            slowest_answer_ms: Math.round(Math.max(...answers.map((a) => a.ms))),
          },
        };
      },
      async settle() {
        const status = async (id: string) =>
          (await chaos.call('delivery', 'GET', `/v1/replays/${id}`, abuser.apiKey)).body.status as string;
        const statuses = await waitFor(
          async () => {
            const all = await Promise.all(started.map(status));
            return all.every((s) => s !== 'running') ? all : undefined;
          },
          { what: 'every started replay to finish', timeoutMs: 90_000, intervalMs: 500 },
        ).catch(() => Promise.all(started.map(status)));
        sampling = false;
        await sampler;
        const completed = statuses.filter((s) => s === 'completed').length;
        const peak = Math.max(0, ...runningSamples);
        const arrived = delivered();
        const lost = [...ids].filter((id) => !arrived.has(id)).length;
        return {
          got: [],
          failures: [
            ...(completed === started.length ? [] : [`replays finished: ${JSON.stringify(statuses)}`]),
            ...(peak <= CONCURRENT_REPLAYS
              ? []
              : [`${peak} replays ran at once; the quota is ${CONCURRENT_REPLAYS}`]),
          ],
          lost,
          figures: {
            replays_running_at_once_max: peak,
            running_samples: runningSamples.length,
            replays_completed: `${completed}/${started.length}`,
            replayed_deliveries: receiver.succeeded('/replay').length,
          },
        };
      },
    };
  },
});
