import { randomBytes } from 'node:crypto';
import type { CreatedTenant } from '@hookline/testing';
import { waitFor } from '@hookline/testing';
import { awaitRouting } from '../await-routing';
import { shortId } from '../chaos-kafka';
import { makeEvents, type ChaosPlatform } from '../chaos-platform';
import type { RecordingReceiver } from '../recording-receiver';

/** One round of the healthy tenant's traffic: what was accepted, what arrived, how fast. */
export interface HealthyRound {
  accepted: number;
  delivered: number;
  /** Accepted and not delivered when the round's wait ended. */
  missing: number;
  /** Deliveries per second, from the first publish to the last arrival. */
  perSecond: number;
  /** Accept-to-receive latency, 99th percentile. */
  p99Ms: number;
}

const PATH = '/healthy';
const TYPE = 'healthy.created';

/**
 * The well-behaved second tenant every hostile row runs beside the abuse: one endpoint on the row's receiver,
 * its own ingest token (a token bound to it, so an abuser's refusals on the platform token never touch it),
 * and rounds of events published through `POST /v1/events` and counted at the receiver by event id.
 */
export class HealthyTenant {
  /** Every event id the producer accepted for this tenant (202), across rounds. */
  readonly accepted = new Set<string>();
  private roundNo = 0;

  private constructor(
    private readonly chaos: ChaosPlatform,
    private readonly receiver: RecordingReceiver,
    readonly tenant: CreatedTenant,
    readonly ingestToken: string,
  ) {}

  /** A token for the producer's INGEST_TOKENS, bound to the tenant the row creates with `tenantId`. */
  static newToken(tenantId: string): string {
    return `ingest_healthy_${randomBytes(18).toString('base64url')}@${tenantId}`;
  }

  static newTenantId(): string {
    return `healthy-${shortId()}`;
  }

  /** Creates the tenant and its endpoint and waits until a probe event is delivered (routing is live). */
  static async start(
    chaos: ChaosPlatform,
    receiver: RecordingReceiver,
    tenantId: string,
    boundToken: string,
  ): Promise<HealthyTenant> {
    const tenant = await chaos.client.createTenant({ id: tenantId, name: 'healthy' });
    await chaos.createEndpoint(tenant.apiKey, { url: receiver.url(PATH), eventTypes: ['healthy.*'] });
    const healthy = new HealthyTenant(chaos, receiver, tenant, boundToken.split('@')[0]);
    await awaitRouting(chaos, tenant.id, TYPE, (probes) =>
      receiver.receipts.some((receipt) => receipt.path === PATH && probes.has(receipt.eventId ?? '')),
    );
    return healthy;
  }

  /** Event ids delivered with a 2xx (each counted once). */
  delivered(): Set<string> {
    return new Set(
      this.receiver.receipts
        .filter((receipt) => receipt.path === PATH && receipt.status < 300 && receipt.eventId !== undefined)
        .map((receipt) => receipt.eventId!),
    );
  }

  /** Publishes `count` events in chunks of 50 and waits (at most `timeoutMs`) until every one has arrived. */
  async round(count: number, timeoutMs = 90_000): Promise<HealthyRound> {
    this.roundNo++;
    const events = makeEvents(this.tenant.id, TYPE, count, `healthy_${this.roundNo}_${shortId()}`);
    const acceptedAt = new Map<string, number>();
    const started = Date.now();
    for (let start = 0; start < events.length; start += 50) {
      const chunk = events.slice(start, start + 50);
      const answer = await this.chaos.client.call(
        'POST',
        `${this.chaos.url('producer')}/v1/events`,
        this.ingestToken,
        chunk,
      );
      if (answer.status !== 202)
        throw new Error(
          `the healthy tenant's publish answered ${answer.status}: ${JSON.stringify(answer.body)}`,
        );
      const now = Date.now();
      for (const event of chunk) {
        acceptedAt.set(event.id, now);
        this.accepted.add(event.id);
      }
    }
    const arrivals = () =>
      this.receiver.receipts.filter(
        (receipt) => receipt.path === PATH && receipt.status < 300 && acceptedAt.has(receipt.eventId ?? ''),
      );
    await waitFor(() => new Set(arrivals().map((receipt) => receipt.eventId)).size >= count, {
      what: `the healthy tenant's round ${this.roundNo} (${count} events)`,
      timeoutMs,
      intervalMs: 50,
    }).catch(() => undefined);
    const firstArrival = new Map<string, number>();
    for (const receipt of arrivals())
      if (!firstArrival.has(receipt.eventId!)) firstArrival.set(receipt.eventId!, receipt.receivedAt);
    const latencies = [...firstArrival].map(([id, at]) => at - acceptedAt.get(id)!).sort((a, b) => a - b);
    const last = Math.max(started + 1, ...firstArrival.values());
    return {
      accepted: count,
      delivered: firstArrival.size,
      missing: count - firstArrival.size,
      perSecond: Math.round(firstArrival.size / ((last - started) / 1000)),
      p99Ms:
        latencies.length === 0
          ? NaN
          : latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))],
    };
  }
}
