import { TestReceiver, waitFor } from '@hookline/testing';
import { DeliveryHarness } from './support/delivery-harness';

/**
 * What the delivery process does when an endpoint changes on `hookline.subscriptions.v1`, and the consumer
 * lag it exports, with the service as a process on real Kafka, Postgres and HTTP.
 */
describe('delivery: endpoint changes reset the gate; consumer lag on /metrics', () => {
  // The circuit stays open two minutes: a delivery within seconds of the re-enable proves it was reset.
  const harness = new DeliveryHarness({
    env: {
      DELIVERY_RETRY_SCHEDULE: '0,1m',
      DELIVERY_RETRY_JITTER: '0',
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '2',
      DELIVERY_CIRCUIT_OPEN_MS: '120000',
    },
  });
  const receiver = new TestReceiver();
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    await harness.prepare();
    await receiver.start();
    tenant = await harness.createTenant();
    await harness.startDelivery();
  });

  afterAll(async () => {
    await harness.stop();
    await receiver.stop();
  });

  it('delivers at once to an endpoint re-enabled (with a fixed URL) while its circuit was open', async () => {
    receiver.reply = (request) => ({ status: request.path === '/broken' ? 503 : 200 });
    const endpoint = await harness.createEndpoint(tenant.id, { url: receiver.url('/broken') });
    await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    // One at a time, so the circuit has seen both failures before the third event: that one is refused.
    for (let i = 1; i <= 3; i++) {
      await harness.publishEvents([harness.event(tenant.id)]);
      await harness.outcomesWhere((o) => o.endpointId === endpoint.id, i);
    }
    const refused = await harness.outcomesWhere((o) => o.endpointId === endpoint.id, 3);
    expect(refused[2]).toMatchObject({ result: 'failed', errorClass: 'circuit_open' });

    const disabled = await harness.updateEndpoint(endpoint, { enabled: false });
    const reEnabledAt = Date.now();
    await harness.updateEndpoint(disabled, { enabled: true, url: receiver.url('/fixed') });
    // The change and the events travel on different topics: keep publishing until one arrives.
    const arrived = await waitFor(
      async () => {
        const fixed = receiver.requests.find((request) => request.path === '/fixed');
        if (fixed === undefined) await harness.publishEvents([harness.event(tenant.id)]);
        return fixed;
      },
      { what: 'a delivery to the re-enabled endpoint', timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(arrived.method).toBe('POST');
    const delivered = await harness.outcomesWhere(
      (o) =>
        o.endpointId === endpoint.id && o.result === 'succeeded' && Date.parse(o.startedAt) >= reEnabledAt,
      1,
    );
    expect(delivered[0]).toMatchObject({ statusCode: 200, errorClass: null });
  });

  it('exports consumer lag for the events group and the retry-tier group', async () => {
    const metrics = await waitFor(
      async () => {
        const text = await (await fetch(`${harness.url}/metrics`)).text();
        const events = /hookline_kafka_consumer_lag\{group="[^"]*\.events",topic="[^"]*hookline\.events\.v1"/;
        const retries =
          /hookline_kafka_consumer_lag\{group="[^"]*\.retries",topic="[^"]*hookline\.deliveries\.retry\.[^"]+"/;
        return events.test(text) && retries.test(text) ? text : undefined;
      },
      { what: 'lag series of both delivery consumer groups', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(metrics).toContain('# TYPE hookline_kafka_consumer_lag gauge');
  });
});
