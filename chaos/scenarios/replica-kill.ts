import { webhookIdFor } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { awaitRoutingOnEveryReplica, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, auditDeliveries, type Receipt } from '../support/recording-receiver';
import { Verdict, scaleFromEnvironment, type Scenario } from '../support/scenario';

const PATH = '/replica-kill';
/** Waits scale with the run: 2 min plus 8 ms per event (a 300/s floor on a loaded 2-core box). */
const budgetMs = (events: number) => 120_000 + events * 8;

/**
 * Scale-out row 1: three delivery replicas share the events topic's partitions; publish many events,
 * SIGKILL one replica mid-run and do not bring it back. The two left take its partitions over after the
 * session timeout: nothing may be missing, and every repeat carries its first delivery's webhook-id.
 */
export const replicaKill: Scenario = {
  name: 'replica kill',
  bar: '3 delivery replicas, kill -9 of one: 0 missing; duplicates carry the first webhook-id',
  quick: false,
  timeoutMs: 2 * budgetMs(scaleFromEnvironment().replicaKillEvents),
  async run(context) {
    const total = context.scale.replicaKillEvents;
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'rkill', {
      logLevel: 'warn',
      replicas: { delivery: 3 },
      serviceEnv: { delivery: { DELIVERY_SESSION_TIMEOUT_MS: '6000' } },
    });
    const tenant = await chaos.createTenant('rkill');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(PATH),
      eventTypes: ['rkill.*'],
    });
    await awaitRoutingOnEveryReplica(chaos, tenant.id, 'rkill.updated', () => eventIds(receiver.receipts));

    const events = makeEvents(tenant.id, 'rkill.created', total, `rkill_${Date.now()}`);
    const expected = new Map(events.map((e) => [e.id, webhookIdFor(tenant.id, e.id, endpoint.id)]));
    const delivered = () => auditDeliveries(receiver.receipts, expected, PATH).uniqueDelivered;
    const startedAt = Date.now();
    context.progress(`replica kill: publishing ${total} events to 3 delivery replicas`);
    const publishing = chaos.publish(events);
    publishing.catch(() => undefined);

    await waitFor(() => delivered() >= total / 3, {
      what: `${Math.round(total / 3)} deliveries before the kill`,
      timeoutMs: budgetMs(total),
      intervalMs: 20,
    });
    const receiptsAtKill = receiver.receipts.length;
    context.progress(`replica kill: SIGKILL of delivery replica 2 at ${delivered()}/${total}`);
    await chaos.platform.replicas.delivery[2].kill();
    const accepted = await publishing;
    await waitFor(() => delivered() === total, {
      what: 'every event delivered by the two replicas left',
      timeoutMs: budgetMs(total),
      intervalMs: 250,
    }).catch(() => undefined);
    const elapsedMs = Date.now() - startedAt;
    await sleep(2_000); // late duplicates count too
    const audit = auditDeliveries(receiver.receipts, expected, PATH);
    const repeated = firstWebhookIdsOfRepeats(receiver.receipts, expected);

    const verdict = new Verdict();
    verdict.check(accepted.length === total, `only ${accepted.length} of ${total} publishes were accepted`);
    verdict.check(audit.missing === 0, `${audit.missing} events never delivered`);
    verdict.check(audit.wrongIds === 0, `${audit.wrongIds} deliveries carried another webhook-id`);
    verdict.check(
      repeated.every((repeat) => repeat.sameId),
      'a repeat carried a webhook-id other than its first delivery',
    );
    if (repeated.length > 0) {
      verdict.note(
        `first webhook-ids of repeats (up to 5): ${repeated
          .slice(0, 5)
          .map((r) => r.first)
          .join(' ')}`,
      );
    }
    return verdict.result({
      published: total,
      delivery_replicas: 3,
      killed: 1,
      unique_delivered: audit.uniqueDelivered,
      missing: audit.missing,
      duplicates: audit.duplicates,
      repeated_events: repeated.length,
      duplicates_with_other_id: audit.wrongIds,
      deliveries_after_kill: receiver.receipts.length - receiptsAtKill,
      total_s: (elapsedMs / 1000).toFixed(1),
      deliveries_per_s: Math.round(total / (elapsedMs / 1000)),
    });
  },
};

function eventIds(receipts: Receipt[]): Set<string> {
  return new Set(receipts.flatMap((receipt) => (receipt.eventId === undefined ? [] : [receipt.eventId])));
}

/** Every event delivered more than once, with the webhook-id of its first delivery and whether all matched. */
function firstWebhookIdsOfRepeats(
  receipts: Receipt[],
  expected: Map<string, string>,
): Array<{ eventId: string; first: string; sameId: boolean }> {
  const byEvent = new Map<string, string[]>();
  for (const receipt of receipts) {
    if (receipt.eventId === undefined || !expected.has(receipt.eventId) || receipt.status >= 300) continue;
    byEvent.set(receipt.eventId, [...(byEvent.get(receipt.eventId) ?? []), receipt.webhookId]);
  }
  return [...byEvent.entries()]
    .filter(([, ids]) => ids.length > 1)
    .map(([eventId, ids]) => ({ eventId, first: ids[0], sameId: ids.every((id) => id === ids[0]) }));
}
