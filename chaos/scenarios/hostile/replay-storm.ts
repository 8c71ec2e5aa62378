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

    return {
      async run(healthyRunning) {
        const answers: RawAnswer[] = [];
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
        const completed = statuses.filter((s) => s === 'completed').length;
        // At most the quota running at any moment, from each replay's own start and finish times: a replay
        // that finished within a storm frees its slot for a later request of the same storm.
        const replays = await Promise.all(
          started.map(
            async (id) => (await chaos.call('delivery', 'GET', `/v1/replays/${id}`, abuser.apiKey)).body,
          ),
        );
        const peak = peakOverlap(
          replays.map((replay) => ({
            from: Date.parse(replay.createdAt as string),
            to: typeof replay.finishedAt === 'string' ? Date.parse(replay.finishedAt) : Infinity,
          })),
        );
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
            replays_completed: `${completed}/${started.length}`,
            replayed_deliveries: receiver.succeeded('/replay').length,
          },
        };
      },
    };
  },
});

/** The most intervals that overlap at one moment. */
function peakOverlap(intervals: Array<{ from: number; to: number }>): number {
  const edges = intervals.flatMap(({ from, to }) => [
    { at: from, step: 1 },
    { at: to, step: -1 },
  ]);
  // A finish and a start at the same moment do not overlap: finishes first.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let running = 0;
  let peak = 0;
  for (const edge of edges) {
    running += edge.step;
    peak = Math.max(peak, running);
  }
  return peak;
}
