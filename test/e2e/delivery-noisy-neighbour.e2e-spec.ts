import { TestReceiver, waitFor } from '@hookline/testing';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

const EVENTS = 1_000;
const TIMEOUT_MS = 15_000;
const CONCURRENCY = 8;

/**
 * One endpoint that hangs until the attempt timeout while nine are healthy, every event going to all ten:
 * the nine get everything while the bad one's first requests are still hanging (its concurrency limit
 * holds, the excess is postponed to a retry tier), and once its attempts time out its circuit opens and its
 * work goes straight to the retry tiers. (`npm run bench -- delivery` measures the throughput ratio.)
 */
describe('delivery: a hanging endpoint slows nobody else', () => {
  const harness = new DeliveryHarness({
    env: {
      DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
      DELIVERY_ENDPOINT_CONCURRENCY: String(CONCURRENCY),
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '5',
      DELIVERY_CIRCUIT_OPEN_MS: '60000',
      LOG_LEVEL: 'warn',
    },
  });
  const receiver = new TestReceiver();

  beforeAll(async () => {
    await harness.prepare();
    await receiver.start();
    receiver.reply = (request) =>
      request.path === '/hangs' ? { status: 200, delayMs: 120_000 } : { status: 200 };
  });

  afterAll(async () => {
    await harness.stop();
    await receiver.stop();
  });

  it('delivers everything to the healthy nine while the tenth hangs, and opens the tenth’s circuit', async () => {
    const tenant = await harness.createTenant();
    const healthy = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        harness.createEndpoint(tenant.id, { url: receiver.url(`/ok${i}`) }),
      ),
    );
    const hanging = await harness.createEndpoint(tenant.id, { url: receiver.url('/hangs') });
    await harness.startDelivery();
    await harness.publishEvents(Array.from({ length: EVENTS }, () => harness.event(tenant.id)));

    const healthyCount = () => receiver.requests.filter((request) => request.path.startsWith('/ok')).length;
    await waitFor(() => healthyCount() === 9 * EVENTS, {
      what: 'every healthy delivery',
      timeoutMs: 120_000,
    });
    // The hanging endpoint never had more than its concurrency limit of requests open, so it could not
    // take the partitions' slots from the nine. (How fast the nine go beside it is a figure, not a test
    // assertion: `npm run chaos` and the bench's noisy-neighbour scenario measure the ratio.)
    expect(receiver.requests.some((request) => request.path === '/hangs')).toBe(true);
    expect(mostOpenAtOnce()).toBeLessThanOrEqual(CONCURRENCY);

    const outcomes = await harness.outcomesWhere(
      (outcome) => outcome.endpointId === hanging.id && outcome.errorClass === 'circuit_open',
      1,
      120_000,
    );
    expect(outcomes[0]).toMatchObject({ result: 'failed', exhausted: false, statusCode: null });
    const timeouts = (await harness.outcomes()).filter(
      (outcome) => outcome.endpointId === hanging.id && outcome.errorClass === 'timeout',
    );
    expect(timeouts.length).toBeGreaterThanOrEqual(5);
    expect(timeouts.every((outcome) => outcome.nextAttemptAt !== null)).toBe(true);
    expect(mostOpenAtOnce()).toBeLessThanOrEqual(CONCURRENCY);
    expect(healthy).toHaveLength(9);
  });

  /**
   * Requests to the hanging endpoint open at the same time. Each stays open until delivery's timeout (the
   * receiver never answers), so two overlap when they arrived less than the timeout apart; a second of slack
   * covers the gap between delivery's clock and the arrival. Between the first timeout and the one that opens
   * the circuit, a freed slot is taken again: more requests in all than the limit, never more at once.
   */
  function mostOpenAtOnce(): number {
    const arrivals = receiver.requests
      .filter((request) => request.path === '/hangs')
      .map((request) => request.receivedAt)
      .sort((a, b) => a - b);
    return Math.max(
      0,
      ...arrivals.map(
        (at) => arrivals.filter((other) => other <= at && other > at - (TIMEOUT_MS - 1_000)).length,
      ),
    );
  }
});
