import { webhookIdFor } from '@hookline/contracts';
import { TestReceiver, waitFor } from '@hookline/testing';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

const EVENTS = 6_000;

/**
 * kill -9 of the delivery process, several times mid-run: every event still reaches every endpoint, and every
 * duplicate carries the webhook-id of the first delivery. Then a graceful SIGTERM mid-run: in-flight work is
 * finished and committed, so the restarted process delivers the rest with no duplicate at all.
 */
describe('delivery: crashes lose nothing', () => {
  const harness = new DeliveryHarness({ env: { DELIVERY_SESSION_TIMEOUT_MS: '6000', LOG_LEVEL: 'warn' } });
  const receiver = new TestReceiver();
  let tenant: { id: string; apiKey: string };

  const delivered = (eventIds: Set<string>) => {
    const byDelivery = new Map<string, string[]>();
    for (const request of receiver.requests) {
      const eventId = (JSON.parse(request.body) as { id: string }).id;
      if (!eventIds.has(eventId)) continue;
      const key = `${request.path}|${eventId}`;
      byDelivery.set(key, [...(byDelivery.get(key) ?? []), String(request.headers['webhook-id'])]);
    }
    return byDelivery;
  };

  beforeAll(async () => {
    await harness.prepare();
    await receiver.start();
    // A little latency, so kills land with work in flight.
    receiver.reply = () => ({ status: 200, delayMs: 2 });
    tenant = await harness.createTenant();
  });

  afterAll(async () => {
    await harness.stop();
    await receiver.stop();
  });

  it('SIGKILL three times mid-run: 0 missing, duplicates carry the first webhook-id', async () => {
    const endpoints = [
      await harness.createEndpoint(tenant.id, { url: receiver.url('/a'), eventTypes: ['crash.*'] }),
      await harness.createEndpoint(tenant.id, { url: receiver.url('/b'), eventTypes: ['crash.*'] }),
    ];
    await harness.startDelivery();
    const events = Array.from({ length: EVENTS }, () => harness.event(tenant.id, { type: 'crash.happened' }));
    const ids = new Set(events.map((event) => event.id));
    await harness.publishEvents(events);
    const expected = EVENTS * endpoints.length;

    const resumeTimes: number[] = [];
    for (const fraction of [0.15, 0.4, 0.65]) {
      await waitFor(() => delivered(ids).size >= expected * fraction, {
        what: `${fraction * 100}% delivered`,
        timeoutMs: 120_000,
        intervalMs: 20,
      });
      await harness.process!.kill();
      const before = receiver.requests.length;
      const restarted = Date.now();
      await harness.startDelivery();
      await waitFor(() => receiver.requests.length > before, {
        what: 'deliveries to resume',
        timeoutMs: 60_000,
      });
      resumeTimes.push(Date.now() - restarted);
    }
    await waitFor(() => delivered(ids).size === expected, {
      what: 'every delivery',
      timeoutMs: 180_000,
      intervalMs: 250,
    });

    const byDelivery = delivered(ids);
    const duplicates = [...byDelivery.values()].reduce((sum, webhookIds) => sum + webhookIds.length - 1, 0);
    const endpointByPath = new Map(
      endpoints.map((endpoint) => [new URL(endpoint.record.url).pathname, endpoint.id]),
    );
    for (const [key, webhookIds] of byDelivery) {
      const [path, eventId] = key.split('|');
      expect(new Set(webhookIds)).toEqual(
        new Set([webhookIdFor(tenant.id, eventId, endpointByPath.get(path)!)]),
      );
    }
    console.log(
      `crash test: published ${EVENTS} events × ${endpoints.length} endpoints; unique delivered ${byDelivery.size}; ` +
        `missing ${expected - byDelivery.size}; duplicates ${duplicates}; time to resume after restart ${resumeTimes.join(', ')} ms`,
    );
    expect(byDelivery.size).toBe(expected);
  });

  it('SIGTERM mid-run finishes in-flight work and commits it: the restart delivers the rest, no duplicates', async () => {
    const endpoint = await harness.createEndpoint(tenant.id, {
      url: receiver.url('/graceful'),
      eventTypes: ['calm.*'],
    });
    await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    const events = Array.from({ length: 3_000 }, () => harness.event(tenant.id, { type: 'calm.happened' }));
    const ids = new Set(events.map((event) => event.id));
    await harness.publishEvents(events);
    await waitFor(() => delivered(ids).size >= 600, {
      what: '20% delivered',
      timeoutMs: 120_000,
      intervalMs: 20,
    });
    // Nest re-raises SIGTERM once shut down; SIGKILL here would mean the grace period ran out.
    expect(await harness.process!.stop(30_000)).toBe('SIGTERM');
    await harness.startDelivery();
    await waitFor(() => delivered(ids).size === events.length, {
      what: 'every delivery',
      timeoutMs: 120_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const counts = [...delivered(ids).values()].map((webhookIds) => webhookIds.length);
    expect(counts.filter((count) => count > 1)).toEqual([]);
  });
});
