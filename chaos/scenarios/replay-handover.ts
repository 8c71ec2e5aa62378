import { Client } from 'pg';
import { waitFor } from '@hookline/testing';
import { awaitRoutingOnEveryReplica, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, type Receipt } from '../support/recording-receiver';
import { Verdict, scaleFromEnvironment, type Scenario } from '../support/scenario';

const PATH = '/replay-handover';
const LEASE_MS = 3_000;
/** The replay reader's batch (REPLAY_BATCH_BYTES in delivery's replay runner): the checkpoint window. */
const REPLAY_BATCH_BYTES = 64 * 1024;
/** Deliveries the killed replica may have had in flight (DELIVERY_IN_FLIGHT_PER_PARTITION × 3 partitions). */
const IN_FLIGHT_BOUND = 64 * 3;
const budgetMs = (events: number) => 120_000 + events * 20;

/**
 * Scale-out row 5: two delivery replicas; a replay of an endpoint's range runs on one of them, which is
 * SIGKILLed part-way. Its lease lapses, the other replica claims the replay and resumes it from the last
 * checkpoint. Every event of the range must arrive again (0 missing), and what arrives more than once per
 * replay is bounded by the checkpoint window (one reader batch) plus the killed replica's in-flight attempts.
 */
export const replayHandover: Scenario = {
  name: 'replay handover',
  bar: '0 missing; extra sends ≤ one checkpoint window + in-flight attempts; finished by another replica',
  quick: false,
  // Plus 6 minutes for two delivery replicas and the rest to boot on a saturated 2-core machine.
  timeoutMs: 6 * 60_000 + 2 * budgetMs(scaleFromEnvironment().replayEvents),
  async run(context) {
    const total = context.scale.replayEvents;
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'replay', {
      logLevel: 'warn',
      replicas: { delivery: 2 },
      serviceEnv: {
        // The default session timeout: 6 s lost group members to missed heartbeats at a load average of 25.
        delivery: { DELIVERY_REPLAY_LEASE_MS: String(LEASE_MS) },
      },
    });
    const tenant = await chaos.createTenant('replay');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(PATH),
      eventTypes: ['handover.*'],
    });
    await awaitRoutingOnEveryReplica(chaos, tenant.id, 'handover.updated', () => eventIds(receiver.receipts));

    const since = new Date(Date.now() - 1_000);
    const events = makeEvents(tenant.id, 'handover.created', total, `handover_${Date.now()}`);
    const ids = new Set(events.map((event) => event.id));
    context.progress(`replay handover: publishing ${total} events and waiting for their first delivery`);
    await chaos.publish(events);
    await waitFor(() => countAfter(receiver.receipts, ids, 0).size === total, {
      what: 'every event delivered once before the replay',
      timeoutMs: budgetMs(total),
      intervalMs: 250,
    });
    await sleep(1_000);
    const until = new Date();
    const mark = receiver.receipts.length;

    const owner = chaos.platform.replicaUrls.delivery[0];
    const survivor = chaos.platform.replicaUrls.delivery[1];
    const started = await chaos.client.call(
      'POST',
      `${owner}/v1/endpoints/${endpoint.id}/replay`,
      tenant.apiKey,
      { since: since.toISOString(), until: until.toISOString() },
    );
    if (started.status !== 202 && started.status !== 201) {
      throw new Error(`POST replay answered ${started.status}: ${JSON.stringify(started.body)}`);
    }
    const replayId = (started.body as { id: string }).id;
    const replay = async () =>
      (await chaos.client.call('GET', `${survivor}/v1/replays/${replayId}`, tenant.apiKey)).body as {
        status: string;
        scanned: number;
        enqueued: number;
      };
    await waitFor(async () => (await replay()).scanned >= total / 3, {
      what: 'a third of the range scanned',
      timeoutMs: budgetMs(total),
      intervalMs: 20,
    });
    const atKill = await replay();
    context.progress(`replay handover: SIGKILL of the replay's owner at ${atKill.scanned}/${total} scanned`);
    await chaos.platform.replicas.delivery[0].kill();
    const killedAt = Date.now();
    const finished = await waitFor(
      async () => {
        const state = await replay();
        return state.status === 'running' ? undefined : state;
      },
      { what: 'the replay finished by the other replica', timeoutMs: budgetMs(total), intervalMs: 250 },
    );
    const handoverMs = Date.now() - killedAt;
    await waitFor(() => countAfter(receiver.receipts, ids, mark).size === total, {
      what: 'every event of the range sent again',
      timeoutMs: budgetMs(total),
      intervalMs: 250,
    }).catch(() => undefined);
    await sleep(2_000); // late repeats count too
    const counts = countAfter(receiver.receipts, ids, mark);
    const missing = total - counts.size;
    const extra = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    const resumes = await resumesOf(chaos.database.url, replayId);
    const window = Math.ceil(REPLAY_BATCH_BYTES / Math.min(...events.map((e) => JSON.stringify(e).length)));

    const verdict = new Verdict();
    verdict.check(finished.status === 'completed', `the replay ended ${finished.status}`);
    verdict.check(resumes >= 1, 'no other replica took the replay over');
    verdict.check(missing === 0, `${missing} events of the range were not sent again`);
    verdict.check(
      extra <= window + IN_FLIGHT_BOUND,
      `${extra} extra sends, above the window (${window}) plus in-flight (${IN_FLIGHT_BOUND})`,
    );
    return verdict.result({
      range_events: total,
      scanned_at_kill: atKill.scanned,
      resumes,
      handover_s: (handoverMs / 1000).toFixed(1),
      missing,
      extra_sends: extra,
      checkpoint_window: window,
      scanned: finished.scanned,
    });
  },
};

function eventIds(receipts: Receipt[]): Set<string> {
  return new Set(receipts.flatMap((receipt) => (receipt.eventId === undefined ? [] : [receipt.eventId])));
}

/** Per event of `ids`, how many 2xx receipts arrived from index `from` on. */
function countAfter(receipts: Receipt[], ids: Set<string>, from: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const receipt of receipts.slice(from)) {
    if (receipt.status >= 300 || receipt.eventId === undefined || !ids.has(receipt.eventId)) continue;
    counts.set(receipt.eventId, (counts.get(receipt.eventId) ?? 0) + 1);
  }
  return counts;
}

/** How many times a replica took the replay over (the replays table; not part of the API). */
async function resumesOf(databaseUrl: string, replayId: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ resumes: number }>(
      'SELECT resumes FROM delivery.replays WHERE id = $1',
      [replayId],
    );
    return result.rows[0]?.resumes ?? 0;
  } finally {
    await client.end();
  }
}
