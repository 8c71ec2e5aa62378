import { webhookIdFor } from '@hookline/contracts';
import { SERVICE_NAMES, waitFor } from '@hookline/testing';
import { awaitRoutingOnEveryReplica, sleep } from '../support/await-routing';
import { ChaosPlatform, type PublishedEvent } from '../support/chaos-platform';
import { RecordingReceiver, auditDeliveries, type Receipt } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const PATH = '/rolling';
/** Steady load: this many events every 250 ms (40/s), well under what this machine delivers. */
const PER_TICK = 10;
const STEADY_MS = 20_000;

/**
 * Scale-out row 2: two replicas of every service under a steady load; every replica of every service is
 * restarted in turn with SIGTERM (one at a time, the next once the restarted one is ready), as a rolling
 * update does. Nothing may be missing; duplicates are counted; the p99 from publish to receipt during the
 * roll is set against the p99 before it.
 */
export const rollingRestart: Scenario = {
  name: 'rolling restart',
  bar: '0 missing; duplicates counted; p99 during the roll vs before',
  quick: false,
  timeoutMs: 15 * 60_000,
  async run(context) {
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'roll', {
      logLevel: 'warn',
      replicas: { producer: 2, subscription: 2, delivery: 2, health: 2 },
      serviceEnv: { delivery: { DELIVERY_SESSION_TIMEOUT_MS: '6000' } },
    });
    const tenant = await chaos.createTenant('roll');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(PATH),
      eventTypes: ['roll.*'],
    });
    await awaitRoutingOnEveryReplica(chaos, tenant.id, 'roll.updated', () => ids(receiver.receipts));

    const load = new SteadyLoad(chaos, tenant.id);
    const loading = load.run();
    context.progress('rolling restart: steady load, before the roll');
    await sleep(STEADY_MS);
    const rollStart = Date.now();
    // A replica that does not drain on SIGTERM is SIGKILLed after the grace period (exit 'SIGKILL'), one whose
    // shutdown hooks throw exits 1: the row records every exit and how long the drain took, so a hidden kill
    // cannot pass as a rolling update. A clean drain ends as 0 or 'SIGTERM' (Nest's shutdown hooks re-raise
    // the signal once the application is closed).
    const exits: string[] = [];
    let slowestDrainMs = 0;
    for (const service of SERVICE_NAMES) {
      for (let replica = 0; replica < chaos.platform.replicas[service].length; replica++) {
        context.progress(`rolling restart: SIGTERM ${service} replica ${replica}`);
        const termAt = Date.now();
        const exit = await chaos.platform.replicas[service][replica].stop();
        slowestDrainMs = Math.max(slowestDrainMs, Date.now() - termAt);
        if (exit !== 0 && exit !== 'SIGTERM') exits.push(`${service} replica ${replica} exited ${exit}`);
        await chaos.platform.restart(service, replica);
      }
    }
    const rollEnd = Date.now();
    context.progress('rolling restart: steady load, after the roll');
    await sleep(STEADY_MS / 2);
    load.stop();
    await loading;

    const expected = new Map(
      [...load.publishedAt.keys()].map((id) => [id, webhookIdFor(tenant.id, id, endpoint.id)]),
    );
    const delivered = () => auditDeliveries(receiver.receipts, expected, PATH).uniqueDelivered;
    await waitFor(() => delivered() === expected.size, {
      what: 'every event delivered',
      timeoutMs: 180_000,
      intervalMs: 250,
    }).catch(() => undefined);
    await sleep(2_000);
    const audit = auditDeliveries(receiver.receipts, expected, PATH);
    const latency = latencies(receiver.receipts, load.publishedAt);
    const p99 = (from: number, to: number) => percentile(latency(from, to), 0.99);

    const verdict = new Verdict();
    verdict.check(load.failures === 0, `${load.failures} publishes were refused by every producer replica`);
    verdict.check(audit.missing === 0, `${audit.missing} events never delivered`);
    verdict.check(exits.length === 0, `not a clean exit on SIGTERM: ${exits.join('; ')}`);
    verdict.check(audit.wrongIds === 0, `${audit.wrongIds} deliveries carried another webhook-id`);
    return verdict.result({
      published: expected.size,
      replicas_restarted: SERVICE_NAMES.length * 2,
      roll_s: ((rollEnd - rollStart) / 1000).toFixed(0),
      unclean_exits: exits.length,
      slowest_drain_ms: slowestDrainMs,
      missing: audit.missing,
      duplicates: audit.duplicates,
      p99_before_ms: p99(0, rollStart),
      p99_during_ms: p99(rollStart, rollEnd),
      p99_after_ms: p99(rollEnd, Infinity),
    });
  },
};

/** Publishes PER_TICK events every 250 ms until stopped; remembers when each was accepted. */
class SteadyLoad {
  readonly publishedAt = new Map<string, number>();
  failures = 0;
  private stopped = false;
  private n = 0;

  constructor(
    private readonly chaos: ChaosPlatform,
    private readonly tenant: string,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      const tick = Date.now();
      const events: PublishedEvent[] = Array.from({ length: PER_TICK }, () => {
        const n = this.n++;
        return {
          id: `roll_${n}`,
          type: 'roll.created',
          subject: `s_${n % 50}`,
          tenant: this.tenant,
          data: { n },
        };
      });
      try {
        await this.chaos.publish(events);
        for (const event of events) this.publishedAt.set(event.id, tick);
      } catch {
        this.failures += 1;
      }
      await sleep(Math.max(0, 250 - (Date.now() - tick)));
    }
  }

  stop(): void {
    this.stopped = true;
  }
}

function ids(receipts: Receipt[]): Set<string> {
  return new Set(receipts.flatMap((r) => (r.eventId === undefined ? [] : [r.eventId])));
}

/** Publish-to-first-receipt times of the events published in [from, to). */
function latencies(receipts: Receipt[], publishedAt: Map<string, number>) {
  const first = new Map<string, number>();
  for (const receipt of receipts) {
    if (receipt.eventId !== undefined && !first.has(receipt.eventId))
      first.set(receipt.eventId, receipt.receivedAt);
  }
  return (from: number, to: number) =>
    [...publishedAt.entries()]
      .filter(([id, at]) => at >= from && at < to && first.has(id))
      .map(([id, at]) => first.get(id)! - at);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
