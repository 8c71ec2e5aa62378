import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { TestReceiver, waitFor, type ReceivedRequest } from '@hookline/testing';
import { signingSecretBinding } from '@hookline/webhook-crypto';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

/**
 * Retries on the (compressed) schedule, what is and is not retried, and Standard Webhooks conformance: the
 * delivery service as a process, real Kafka and Postgres, real HTTP receivers.
 */
describe('delivery: signed requests and retries on the schedule', () => {
  const harness = new DeliveryHarness({
    env: {
      DELIVERY_RETRY_SCHEDULE: '0,1s,2s,3s',
      DELIVERY_RETRY_JITTER: '0.1',
      DELIVERY_TIMEOUT_MS: '3000',
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
    },
  });
  const receiver = new TestReceiver();
  let tenant: { id: string; apiKey: string };
  let redirectTarget: Server;
  let redirectTargetHits = 0;

  const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);
  const verify = (secret: string, request: ReceivedRequest) =>
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
  const outcomesOf = (endpointId: string, count: number) =>
    harness.outcomesWhere((outcome) => outcome.endpointId === endpointId, count);

  beforeAll(async () => {
    await harness.prepare();
    await receiver.start();
    redirectTarget = createServer((_, response) => {
      redirectTargetHits += 1;
      response.end('followed');
    });
    await new Promise<void>((resolve) => redirectTarget.listen(0, '127.0.0.1', resolve));
    tenant = await harness.createTenant();
    await harness.startDelivery();
  });

  afterAll(async () => {
    await harness.stop();
    await receiver.stop();
    await new Promise((resolve) => redirectTarget.close(resolve));
  });

  it('delivers on the 4th attempt after 503 ×3, on the compressed schedule, with one webhook-id throughout', async () => {
    const endpoint = await harness.createEndpoint(tenant.id, { url: receiver.url('/flaky') });
    await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    let flakyCalls = 0;
    receiver.reply = (request) => {
      if (request.path !== '/flaky') return { status: 200 };
      flakyCalls += 1;
      return { status: flakyCalls <= 3 ? 503 : 200 };
    };
    const event = harness.event(tenant.id);
    await harness.publishEvents([event]);

    const requests = await waitFor(
      () => (requestsTo('/flaky').length >= 4 ? requestsTo('/flaky') : undefined),
      {
        what: 'four attempts',
        timeoutMs: 30_000,
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(requestsTo('/flaky')).toHaveLength(4);
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    for (const request of requests) expect(verify(endpoint.secret, request)).toMatchObject({ id: event.id });

    // Gaps follow the schedule (1 s, 2 s, 3 s) within the jitter (±10%) plus the tier's pickup latency.
    const gaps = requests.slice(1).map((request, i) => request.receivedAt - requests[i].receivedAt);
    [1_000, 2_000, 3_000].forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay * 0.9 - 50);
      expect(gaps[i]).toBeLessThanOrEqual(delay * 1.1 + 1_500);
    });

    const outcomes = await outcomesOf(endpoint.id, 4);
    expect(outcomes.map((o) => [o.attempt, o.result, o.statusCode, o.exhausted])).toEqual([
      [1, 'failed', 503, false],
      [2, 'failed', 503, false],
      [3, 'failed', 503, false],
      [4, 'succeeded', 200, false],
    ]);
    expect(outcomes.slice(0, 3).every((o) => o.nextAttemptAt !== null)).toBe(true);
    expect(new Set(outcomes.map((o) => o.webhookId))).toEqual(new Set([requests[0].headers['webhook-id']]));
  });

  it('sends Standard Webhooks headers the official verifier accepts, and tampering fails it', async () => {
    const endpoint = await harness.createEndpoint(tenant.id, { url: receiver.url('/headers') });
    await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    receiver.reply = () => ({ status: 204 });
    await harness.publishEvents([harness.event(tenant.id, { type: 'customer.updated' })]);
    const [request] = await waitFor(
      () => (requestsTo('/headers').length > 0 ? requestsTo('/headers') : undefined),
      {
        what: 'the webhook',
      },
    );
    expect(() => verify(endpoint.secret, request)).not.toThrow();
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Hookline-Webhooks\/\d+\.\d+\.\d+/);
    expect(request.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    const tampered = [
      { ...request, body: request.body.replace('Ada', 'Eve') },
      { ...request, headers: { ...request.headers, 'webhook-id': 'msg_forged' } },
      {
        ...request,
        headers: {
          ...request.headers,
          'webhook-timestamp': String(Number(request.headers['webhook-timestamp']) + 1),
        },
      },
    ];
    for (const forged of tampered) expect(() => verify(endpoint.secret, forged)).toThrow();
  });

  it('signs with every live secret during a rotation, and stops signing with one past its expiry', async () => {
    const base = await harness.createEndpoint(tenant.id, { url: receiver.url('/rotation') });
    const [oldSecret, newSecret, expiredSecret] = ['whsec_', 'whsec_', 'whsec_'].map(
      () => `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`,
    );
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    const now = new Date().toISOString();
    const seal = (secret: string) => harness.box.encrypt(secret, signingSecretBinding(tenant.id, base.id));
    await harness.updateEndpoint(base, {
      secrets: [
        { id: 'new', encrypted: seal(newSecret), createdAt: now },
        { id: 'old', encrypted: seal(oldSecret), createdAt: now, expiresAt: soon },
        { id: 'expired', encrypted: seal(expiredSecret), createdAt: now, expiresAt: past },
      ],
    });
    await waitFor(
      async () => {
        receiver.reply = () => ({ status: 200 });
        await harness.publishEvents([harness.event(tenant.id)]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const last = requestsTo('/rotation').at(-1);
        return last !== undefined && String(last.headers['webhook-signature']).split(' ').length === 2;
      },
      { what: 'a request signed after the rotation', timeoutMs: 30_000, intervalMs: 1 },
    );
    const request = requestsTo('/rotation').at(-1)!;
    expect(() => verify(newSecret, request)).not.toThrow();
    expect(() => verify(oldSecret, request)).not.toThrow();
    expect(() => verify(expiredSecret, request)).toThrow();
  });

  it('does not retry a 400, stops on 410 Gone, and never follows a redirect (3xx is a retried failure)', async () => {
    const bad = await harness.createEndpoint(tenant.id, { url: receiver.url('/bad-request') });
    const gone = await harness.createEndpoint(tenant.id, { url: receiver.url('/gone') });
    const moved = await harness.createEndpoint(tenant.id, { url: receiver.url('/moved') });
    for (const endpoint of [bad, gone, moved]) await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    const target = `http://127.0.0.1:${(redirectTarget.address() as { port: number }).port}/elsewhere`;
    receiver.reply = (request) => {
      if (request.path === '/bad-request') return { status: 400, body: 'x'.repeat(10_000) };
      if (request.path === '/gone') return { status: 410 };
      if (request.path === '/moved') return { status: 302, headers: { location: target } };
      return { status: 200 };
    };
    await harness.publishEvents([harness.event(tenant.id, { type: 'order.created' })]);

    const [badOutcome] = await outcomesOf(bad.id, 1);
    expect(badOutcome).toMatchObject({
      result: 'failed',
      statusCode: 400,
      exhausted: true,
      nextAttemptAt: null,
    });
    expect(badOutcome.responseBody).toHaveLength(4_096);
    const [goneOutcome] = await outcomesOf(gone.id, 1);
    expect(goneOutcome).toMatchObject({ statusCode: 410, errorClass: 'gone', exhausted: true });
    const movedOutcomes = await outcomesOf(moved.id, 4);
    expect(movedOutcomes.map((o) => o.statusCode)).toEqual([302, 302, 302, 302]);
    expect(movedOutcomes.at(-1)).toMatchObject({ exhausted: true, nextAttemptAt: null });
    expect(requestsTo('/bad-request')).toHaveLength(1);
    expect(requestsTo('/gone')).toHaveLength(1);
    expect(redirectTargetHits).toBe(0);

    const deadLetters = await harness.readTopic(harness.kafka.topics.deliveriesDeadLetter, 3);
    const byEndpoint = new Map(
      deadLetters.map((record) => [String(record.key), JSON.parse(String(record.value))]),
    );
    expect(byEndpoint.get(moved.id).history).toHaveLength(4);
    expect(byEndpoint.get(moved.id).deadLetter.reason).toMatch(/exhausted after 4 attempts/);
    expect(byEndpoint.get(gone.id).deadLetter.reason).toMatch(/gone/);
    expect(byEndpoint.get(bad.id).event).toMatchObject({ type: 'order.created' });
  });

  it('honours Retry-After beyond the schedule (429 asks for 2 s where the schedule says 1 s)', async () => {
    const endpoint = await harness.createEndpoint(tenant.id, { url: receiver.url('/throttled') });
    await harness.waitUntilKnown(tenant.apiKey, endpoint.id);
    let calls = 0;
    receiver.reply = (request) => {
      if (request.path !== '/throttled') return { status: 200 };
      calls += 1;
      return calls === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 };
    };
    await harness.publishEvents([harness.event(tenant.id)]);
    const requests = await waitFor(
      () => (requestsTo('/throttled').length >= 2 ? requestsTo('/throttled') : undefined),
      {
        what: 'the retry after 429',
      },
    );
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(1_950);
    const [first] = await outcomesOf(endpoint.id, 1);
    expect(Date.parse(first.nextAttemptAt!) - Date.parse(first.startedAt)).toBeGreaterThanOrEqual(2_000);
  });
});
