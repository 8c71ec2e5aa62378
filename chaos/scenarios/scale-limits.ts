import { webhookIdFor } from '@hookline/contracts';
import { waitFor, type ServiceProcess } from '@hookline/testing';
import { awaitRouting, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, auditDeliveries, type Receipt } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const LIMITED = '/scale-limited';
const FREE = '/scale-free';
const RATE = 50;
const CONCURRENCY = 4;
/** At 50/s the limited endpoint takes ~40 s for these: long enough for a scale-up and a scale-down. */
const EVENTS = Number(process.env.CHAOS_SCALE_EVENTS ?? 2_000);
/** Slow enough that the concurrency of 4 is a real bound too (4 / 60 ms ≈ 66/s). */
const LIMITED_DELAY_MS = 60;
const FREE_DELAY_MS = 100;

/**
 * Scale delivery 1 → 3 → 1 while events flow to two endpoints: one limited to 50 requests/s and 4 at once,
 * one unlimited (and slow, so rebalances find work in flight). Nothing may be missing; the limited
 * endpoint's receiver never sees more than 4 requests open at once nor more than 50 + 10 % in any second;
 * duplicates (sent again by a new owner after a rebalance) are counted, per rebalance.
 * `DELIVERY_REBALANCE_DRAIN_MS=0 npm run chaos -- scale` gives the figure without the drain.
 */
export const scaleLimits: Scenario = {
  name: 'scale delivery 1 -> 3 -> 1',
  bar: '0 missing; limited endpoint never above 50/s +10% or 4 at once at the receiver',
  quick: false,
  timeoutMs: 600_000,
  async run(context) {
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    receiver.reply = (receipt) => ({
      status: 200,
      delayMs: receipt.path === LIMITED ? LIMITED_DELAY_MS : FREE_DELAY_MS,
    });
    const drainMs = process.env.DELIVERY_REBALANCE_DRAIN_MS;
    const chaos = await ChaosPlatform.start(context, 'scale', {
      logLevel: 'info',
      // Five processes of four services start here; on a shared 2-core machine that can take minutes.
      readyTimeoutMs: 180_000,
      serviceEnv: {
        delivery: {
          DELIVERY_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
          DELIVERY_SESSION_TIMEOUT_MS: '6000',
          ...(drainMs === undefined ? {} : { DELIVERY_REBALANCE_DRAIN_MS: drainMs }),
        },
      },
    });
    const tenant = await chaos.createTenant('scale');
    const limited = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(LIMITED),
      eventTypes: ['scale.*'],
      rateLimitPerSecond: RATE,
    });
    const free = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(FREE),
      eventTypes: ['scale.*'],
    });
    await awaitRouting(chaos, tenant.id, 'scale.updated', (ids) =>
      [LIMITED, FREE].every((path) =>
        receiver.succeeded(path).some((receipt) => ids.has(receipt.eventId ?? '')),
      ),
    );
    // The warm-up's requests are not part of the run's figures.
    const warmUp = receiver.receipts.length;

    const events = makeEvents(tenant.id, 'scale.created', EVENTS, `scale_${Date.now()}`);
    const expectedFor = (endpointId: string) =>
      new Map(events.map((event) => [event.id, webhookIdFor(tenant.id, event.id, endpointId)]));
    const delivered = (path: string, endpointId: string) =>
      auditDeliveries(receiver.receipts.slice(warmUp), expectedFor(endpointId), path).uniqueDelivered;
    const startedAt = Date.now();
    context.progress(`scale: publishing ${EVENTS} events with one delivery replica`);
    const accepted = await chaos.publish(events);

    const replicas: ServiceProcess[] = [];
    await waitFor(() => delivered(LIMITED, limited.id) >= EVENTS / 4, {
      what: 'a quarter delivered before scaling up',
      timeoutMs: 240_000,
      intervalMs: 100,
    });
    context.progress('scale: 1 -> 3 replicas');
    for (let n = 2; n <= 3; n++) replicas.push(await chaos.startReplica(context, 'delivery', n));
    await waitFor(() => delivered(LIMITED, limited.id) >= EVENTS / 2, {
      what: 'half delivered before scaling down',
      timeoutMs: 240_000,
      intervalMs: 100,
    });
    context.progress('scale: 3 -> 1 replica (SIGTERM, one at a time)');
    for (const replica of replicas) await replica.stop();
    await waitFor(() => delivered(LIMITED, limited.id) === EVENTS && delivered(FREE, free.id) === EVENTS, {
      what: 'every event delivered to both endpoints',
      timeoutMs: 300_000,
      intervalMs: 250,
    }).catch(() => undefined);
    const elapsedMs = Date.now() - startedAt;
    await sleep(2_000); // late duplicates count too

    const run = receiver.receipts.slice(warmUp);
    const limitedAudit = auditDeliveries(run, expectedFor(limited.id), LIMITED);
    const freeAudit = auditDeliveries(run, expectedFor(free.id), FREE);
    const busiest = busiestSecond(run.filter((receipt) => receipt.path === LIMITED));
    const mostOpen = receiver.maxOpenByPath.get(LIMITED) ?? 0;
    // 2 joins and 2 leaves: four rebalances of each delivery group.
    const rebalances = 4;
    const duplicates = limitedAudit.duplicates + freeAudit.duplicates;

    const verdict = new Verdict();
    verdict.check(accepted.length === EVENTS, `only ${accepted.length} of ${EVENTS} publishes were accepted`);
    verdict.check(limitedAudit.missing + freeAudit.missing === 0, 'events never delivered');
    verdict.check(limitedAudit.wrongIds + freeAudit.wrongIds === 0, 'deliveries with another webhook-id');
    verdict.check(
      busiest <= Math.floor(RATE * 1.1),
      `${busiest} requests in one second (limit ${RATE} +10%)`,
    );
    verdict.check(mostOpen <= CONCURRENCY, `${mostOpen} requests open at once (limit ${CONCURRENCY})`);
    verdict.note(`rebalance drain: ${drainMs ?? 'default (5000 ms)'}`);
    return verdict.result({
      events: EVENTS,
      missing: limitedAudit.missing + freeAudit.missing,
      duplicates,
      duplicates_per_rebalance: (duplicates / rebalances).toFixed(1),
      limited_busiest_second: busiest,
      limited_most_open: mostOpen,
      elapsed_s: (elapsedMs / 1000).toFixed(1),
    });
  },
};

function busiestSecond(receipts: Receipt[]): number {
  const perSecond = new Map<number, number>();
  for (const { receivedAt } of receipts) {
    const second = Math.floor(receivedAt / 1_000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return Math.max(0, ...perSecond.values());
}
