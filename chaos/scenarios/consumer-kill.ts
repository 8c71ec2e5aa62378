import { webhookIdFor } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { awaitRouting, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, auditDeliveries } from '../support/recording-receiver';
import { Verdict, scaleFromEnvironment, type Scenario } from '../support/scenario';

const PATH = '/kill';
/** Waits scale with the run: 2 min plus 8 ms per event (a 300/s floor on a loaded 2-core box). */
const budgetMs = (events: number) => 120_000 + events * 8;

/**
 * Publish many events, SIGKILL the delivery service several times while they are being delivered, restart it
 * each time, and count every webhook-id the receiver got: nothing may be missing, and a repeat must carry the
 * same webhook-id as the first delivery (receivers dedupe by it).
 */
export const consumerKill: Scenario = {
  name: 'consumer kill',
  bar: '0 missing; duplicates carry the same webhook-id',
  quick: false,
  timeoutMs: 2 * budgetMs(scaleFromEnvironment().consumerKillEvents),
  async run(context) {
    const { consumerKillEvents: total, consumerKills: kills } = context.scale;
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'kill', {
      logLevel: 'warn',
      serviceEnv: { delivery: { DELIVERY_SESSION_TIMEOUT_MS: '6000' } },
    });
    const tenant = await chaos.createTenant('kill');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(PATH),
      eventTypes: ['kill.*'],
    });
    await awaitRouting(chaos, tenant.id, 'kill.updated', (ids) =>
      receiver.succeeded(PATH).some((receipt) => ids.has(receipt.eventId ?? '')),
    );

    const events = makeEvents(tenant.id, 'kill.created', total, `kill_${Date.now()}`);
    const expected = new Map(
      events.map((event) => [event.id, webhookIdFor(tenant.id, event.id, endpoint.id)]),
    );
    const delivered = () => auditDeliveries(receiver.receipts, expected, PATH).uniqueDelivered;
    const startedAt = Date.now();
    context.progress(`consumer kill: publishing ${total} events`);
    // Published while the kills happen: the producer keeps accepting while delivery is down.
    const publishing = chaos.publish(events);
    publishing.catch(() => undefined);

    const resumeMs: number[] = [];
    for (let k = 1; k <= kills; k++) {
      const mark = Math.floor((total * k) / (kills + 1));
      await waitFor(() => delivered() >= mark, {
        what: `${mark} deliveries before kill ${k}`,
        timeoutMs: budgetMs(total),
        intervalMs: 20,
      });
      const killedAt = Date.now();
      await chaos.platform.processes.delivery.kill();
      const before = receiver.receipts.length;
      context.progress(`consumer kill: SIGKILL ${k}/${kills} at ${delivered()}/${total} delivered`);
      await chaos.platform.restart('delivery');
      await waitFor(() => receiver.receipts.length > before, {
        what: `deliveries to resume after kill ${k}`,
        timeoutMs: 120_000,
        intervalMs: 10,
      });
      resumeMs.push(Date.now() - killedAt);
    }
    const accepted = await publishing;
    await waitFor(() => delivered() === total, {
      what: 'every event delivered',
      timeoutMs: budgetMs(total),
      intervalMs: 250,
    }).catch(() => undefined);
    const elapsedMs = Date.now() - startedAt;
    await sleep(2_000); // late duplicates count too
    const audit = auditDeliveries(receiver.receipts, expected, PATH);

    const verdict = new Verdict();
    verdict.check(accepted.length === total, `only ${accepted.length} of ${total} publishes were accepted`);
    verdict.check(audit.missing === 0, `${audit.missing} events never delivered`);
    verdict.check(audit.wrongIds === 0, `${audit.wrongIds} deliveries carried another webhook-id`);
    return verdict.result({
      published: total,
      kills,
      unique_delivered: audit.uniqueDelivered,
      missing: audit.missing,
      duplicates: audit.duplicates,
      duplicates_with_other_id: audit.wrongIds,
      resume_s: resumeMs.map((ms) => (ms / 1000).toFixed(1)).join('/'),
      deliveries_per_s: Math.round(total / (elapsedMs / 1000)),
    });
  },
};
