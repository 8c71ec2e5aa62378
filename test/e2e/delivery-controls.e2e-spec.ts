import { validateEventRoutingRecord, type EventRoutingRecord } from '@hookline/contracts';
import { TestReceiver, waitFor } from '@hookline/testing';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

interface AttemptPage {
  data: Array<{ id: string; attempt: number; result: string; nextAttemptAt: string | null }>;
  nextCursor: string | null;
}

/**
 * Routing records, the attempts API, resend, replay and recovery, with the delivery service as a process on
 * real Kafka and Postgres, driven over HTTP with tenant API keys.
 */
describe('delivery: routing records, attempts API, resend, replay and recovery', () => {
  const harness = new DeliveryHarness({
    env: {
      DELIVERY_RETRY_SCHEDULE: '0,500ms,1s',
      DELIVERY_RETRY_JITTER: '0',
      DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
    },
  });
  const receiver = new TestReceiver();
  let acme: { id: string; apiKey: string };
  let other: { id: string; apiKey: string };

  const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);
  const routingRecords = async () =>
    (await harness.collect(harness.kafka.topics.eventRouting)).map(
      (record) => JSON.parse(String(record.value)) as EventRoutingRecord,
    );
  const routingOf = (eventId: string) =>
    waitFor(async () => (await routingRecords()).find((record) => record.eventId === eventId), {
      what: `the routing record of ${eventId}`,
    });

  beforeAll(async () => {
    await harness.prepare();
    await receiver.start();
    acme = await harness.createTenant();
    other = await harness.createTenant();
    await harness.startDelivery();
  });

  afterAll(async () => {
    await harness.stop();
    await receiver.stop();
  });

  it('publishes one routing record per event: matched with webhook ids, skipped with reasons, unknown tenants too', async () => {
    const customers = await harness.createEndpoint(acme.id, {
      url: receiver.url('/customers'),
      eventTypes: ['customer.*'],
    });
    const orders = await harness.createEndpoint(acme.id, {
      url: receiver.url('/orders'),
      eventTypes: ['order.*'],
    });
    const off = await harness.createEndpoint(acme.id, { url: receiver.url('/off'), enabled: false });
    await harness.waitUntilKnown(acme.apiKey, orders.id);
    const event = harness.event(acme.id, { type: 'customer.created' });
    const targeted = harness.event(acme.id, { type: 'customer.created', targetendpointid: orders.id });
    const stranger = harness.event('nobody-knows-me');
    await harness.publishEvents([event, targeted, stranger]);

    const routed = await routingOf(event.id);
    expect(validateEventRoutingRecord(routed).ok).toBe(true);
    expect(routed).toMatchObject({ tenantKnown: true, matched: [{ endpointId: customers.id }] });
    expect(routed.skipped).toEqual(
      expect.arrayContaining([
        { endpointId: orders.id, reason: 'event_type_filter' },
        { endpointId: off.id, reason: 'disabled' },
      ]),
    );
    const routedTargeted = await routingOf(targeted.id);
    expect(routedTargeted.matched.map((entry) => entry.endpointId)).toEqual([orders.id]);
    expect(routedTargeted.skipped).toEqual(
      expect.arrayContaining([{ endpointId: customers.id, reason: 'not_targeted' }]),
    );
    expect(await routingOf(stranger.id)).toMatchObject({ tenantKnown: false, matched: [], skipped: [] });

    const toOrders = await waitFor(() => requestsTo('/orders')[0], { what: 'the targeted delivery' });
    expect(JSON.parse(toOrders.body)).not.toHaveProperty('targetendpointid');
    expect(toOrders.headers['webhook-id']).toBe(routedTargeted.matched[0].webhookId);
  });

  it('dead-letters an invalid event with its reason and keeps going', async () => {
    const endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/after-bad'),
      eventTypes: ['good.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    await harness.publishRaw('{"not":"an event"');
    await harness.publishRaw(JSON.stringify({ ...harness.event(acme.id), type: 'Not A Type' }));
    const good = harness.event(acme.id, { type: 'good.created' });
    await harness.publishEvents([good]);
    await waitFor(() => requestsTo('/after-bad').find((request) => request.body.includes(good.id)), {
      what: 'the valid event after the invalid ones',
    });
    const dead = await waitFor(
      async () => {
        const records = await harness.collect(harness.kafka.topics.deliveriesDeadLetter);
        const invalid = records.filter(
          (record) =>
            String(record.headers?.['hookline-dlq-consumer']) === 'delivery.events' &&
            String(record.headers?.['hookline-dlq-reason-class']) === 'invalid',
        );
        return invalid.length >= 2 ? invalid : undefined;
      },
      { what: 'two dead-lettered invalid events' },
    );
    const reasons = dead.map((record) => String(record.headers?.['hookline-dlq-reason']));
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/not valid JSON/), expect.stringMatching(/^type:/)]),
    );
    expect(String(dead[0].headers?.['hookline-dlq-source-topic'])).toBe(harness.kafka.topics.events);
  });

  it('lists attempts by event, endpoint and status with cursor pages, for the owning tenant only', async () => {
    const endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/listed'),
      eventTypes: ['listing.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    let calls = 0;
    receiver.reply = (request) =>
      request.path === '/listed' && ++calls === 1 ? { status: 500 } : { status: 200 };
    const event = harness.event(acme.id, { type: 'listing.created' });
    await harness.publishEvents([event]);
    const page = await waitFor(
      async () => {
        const response = await harness.api('GET', `/v1/attempts?eventId=${event.id}`, acme.apiKey);
        const body = response.body as AttemptPage;
        return response.status === 200 && body.data.length === 2 ? body : undefined;
      },
      { what: 'both attempts in the log' },
    );
    expect(
      page.data.map((attempt: { attempt: number; result: string }) => [attempt.attempt, attempt.result]),
    ).toEqual([
      [2, 'succeeded'],
      [1, 'failed'],
    ]);
    expect(page.data[1]).toMatchObject({
      statusCode: 500,
      exhausted: false,
      endpointId: endpoint.id,
      trigger: 'event',
    });
    expect(page.data[1].nextAttemptAt).not.toBeNull();

    const failedOnly = await harness.api(
      'GET',
      `/v1/attempts?endpointId=${endpoint.id}&status=retrying`,
      acme.apiKey,
    );
    expect(failedOnly.body.data).toHaveLength(1);
    const first = await harness.api('GET', `/v1/attempts?endpointId=${endpoint.id}&limit=1`, acme.apiKey);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await harness.api(
      'GET',
      `/v1/attempts?endpointId=${endpoint.id}&limit=1&cursor=${first.body.nextCursor}`,
      acme.apiKey,
    );
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    expect(second.body.nextCursor).toBeNull();

    expect((await harness.api('GET', `/v1/attempts?eventId=${event.id}`, other.apiKey)).body.data).toEqual(
      [],
    );
    expect((await harness.api('GET', '/v1/attempts', 'hk_wrong')).status).toBe(401);
    const invalid = await harness.api('GET', '/v1/attempts?status=sideways&cursor=nope', acme.apiKey);
    expect(invalid.status).toBe(400);
    expect((invalid.body as { errors: Array<{ field: string }> }).errors.map((error) => error.field)).toEqual(
      ['status'],
    );
    const badCursor = await harness.api('GET', '/v1/attempts?cursor=nope', acme.apiKey);
    expect(badCursor.body.errors).toEqual([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  });

  it('resends one delivery now, with the same webhook-id, and refuses another tenant', async () => {
    const endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/resend'),
      eventTypes: ['resend.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    receiver.reply = () => ({ status: 200 });
    const event = harness.event(acme.id, { type: 'resend.created' });
    await harness.publishEvents([event]);
    const original = await waitFor(() => requestsTo('/resend')[0], { what: 'the first delivery' });
    await waitFor(
      async () =>
        (await harness.api('GET', `/v1/attempts?eventId=${event.id}`, acme.apiKey)).body.data.length === 1,
      { what: 'the attempt in the log' },
    );

    const path = `/v1/events/${event.id}/endpoints/${endpoint.id}/resend`;
    expect((await harness.api('POST', path, other.apiKey)).status).toBe(404);
    expect(
      (await harness.api('POST', `/v1/events/evt_never/endpoints/${endpoint.id}/resend`, acme.apiKey)).status,
    ).toBe(404);
    const resent = await harness.api('POST', path, acme.apiKey);
    expect(resent).toEqual({
      status: 202,
      body: {
        eventId: event.id,
        endpointId: endpoint.id,
        webhookId: original.headers['webhook-id'],
        status: 'queued',
      },
    });
    const again = await waitFor(() => requestsTo('/resend')[1], { what: 'the resent delivery' });
    expect(again.headers['webhook-id']).toBe(original.headers['webhook-id']);
    expect(JSON.parse(again.body)).toEqual(JSON.parse(original.body));
    const [resendOutcome] = await harness.outcomesWhere(
      (outcome) => outcome.endpointId === endpoint.id && outcome.trigger === 'resend',
      1,
    );
    expect(resendOutcome).toMatchObject({
      result: 'succeeded',
      attempt: 1,
      webhookId: original.headers['webhook-id'],
    });
  });

  it('recovers an endpoint’s dead-lettered deliveries once it is fixed', async () => {
    const endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/broken'),
      eventTypes: ['broken.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    let fixed = false;
    receiver.reply = (request) => (request.path === '/broken' && !fixed ? { status: 500 } : { status: 200 });
    const events = [
      harness.event(acme.id, { type: 'broken.created' }),
      harness.event(acme.id, { type: 'broken.created' }),
    ];
    await harness.publishEvents(events);
    await harness.outcomesWhere((outcome) => outcome.endpointId === endpoint.id && outcome.exhausted, 2);
    const webhookIds = new Set(requestsTo('/broken').map((request) => request.headers['webhook-id']));
    expect(webhookIds.size).toBe(2);

    fixed = true;
    // Dead letters are stored asynchronously: an early call may recover the first one only, and a later
    // call the rest, so count across calls.
    let recoveredSoFar = 0;
    const recovered = await waitFor(
      async () => {
        const response = await harness.api('POST', `/v1/endpoints/${endpoint.id}/recover`, acme.apiKey, {});
        recoveredSoFar += Number(response.body?.recovered ?? 0);
        return recoveredSoFar === 2 ? response : undefined;
      },
      { what: 'both dead letters recovered (once stored)' },
    );
    expect(recovered.status).toBe(202);
    await harness.outcomesWhere(
      (outcome) =>
        outcome.endpointId === endpoint.id && outcome.trigger === 'recover' && outcome.result === 'succeeded',
      2,
    );
    const delivered = requestsTo('/broken').slice(-2);
    expect(new Set(delivered.map((request) => request.headers['webhook-id']))).toEqual(webhookIds);
    expect(
      (await harness.api('POST', `/v1/endpoints/${endpoint.id}/recover`, acme.apiKey, {})).body.recovered,
    ).toBe(0);
    expect((await harness.api('POST', `/v1/endpoints/${endpoint.id}/recover`, other.apiKey, {})).status).toBe(
      404,
    );
  });

  it('replays an endpoint’s events of a time range from Kafka: only those it was subscribed to', async () => {
    const endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/replayed'),
      eventTypes: ['invoice.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    receiver.reply = () => ({ status: 200 });
    const since = new Date();
    const wanted = [
      harness.event(acme.id, { type: 'invoice.paid' }),
      harness.event(acme.id, { type: 'invoice.voided' }),
    ];
    const unwanted = [
      harness.event(acme.id, { type: 'customer.created' }),
      harness.event(other.id, { type: 'invoice.paid' }),
    ];
    await harness.publishEvents([...wanted, ...unwanted]);
    await waitFor(() => requestsTo('/replayed').length === 2, { what: 'the original deliveries' });
    const originalIds = requestsTo('/replayed').map((request) => request.headers['webhook-id']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const until = new Date();

    const invalid = await harness.api('POST', `/v1/endpoints/${endpoint.id}/replay`, acme.apiKey, {
      since: 'yesterday',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([{ field: 'since', message: 'since must be an RFC 3339 timestamp' }]);
    const started = await harness.api('POST', `/v1/endpoints/${endpoint.id}/replay`, acme.apiKey, {
      since: since.toISOString(),
      until: until.toISOString(),
    });
    expect(started.status).toBe(202);
    const finished = await waitFor(
      async () => {
        const status = await harness.api('GET', `/v1/replays/${started.body.id}`, acme.apiKey);
        const replay = status.body as { status: string; scanned: number };
        return replay.status === 'completed' ? replay : undefined;
      },
      { what: 'the replay to complete' },
    );
    expect(finished).toMatchObject({ enqueued: 2, endpointId: endpoint.id });
    expect(finished.scanned).toBeGreaterThanOrEqual(4);
    await waitFor(() => requestsTo('/replayed').length === 4, { what: 'the replayed deliveries' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = requestsTo('/replayed');
    expect(all).toHaveLength(4);
    expect(
      all
        .slice(2)
        .map((request) => request.headers['webhook-id'])
        .sort(),
    ).toEqual([...originalIds].sort());
    expect((await harness.api('GET', `/v1/replays/${started.body.id}`, other.apiKey)).status).toBe(404);
  });

  it('dead-letters, without an attempt, a retry whose endpoint was disabled in the meantime', async () => {
    let endpoint = await harness.createEndpoint(acme.id, {
      url: receiver.url('/disabled-later'),
      eventTypes: ['disabling.*'],
    });
    await harness.waitUntilKnown(acme.apiKey, endpoint.id);
    receiver.reply = (request) => (request.path === '/disabled-later' ? { status: 503 } : { status: 200 });
    const event = harness.event(acme.id, { type: 'disabling.created' });
    await harness.publishEvents([event]);
    await waitFor(() => requestsTo('/disabled-later').length === 1, { what: 'the first attempt' });
    endpoint = await harness.updateEndpoint(endpoint, { enabled: false, disabledReason: 'zombie' });
    const dead = await waitFor(
      async () =>
        (await harness.collect(harness.kafka.topics.deliveriesDeadLetter))
          .filter((record) => String(record.headers?.['hookline-dlq-kind']) === 'delivery')
          .map(
            (record) =>
              JSON.parse(String(record.value)) as { endpointId?: string; deadLetter?: { reason: string } },
          )
          .find((task) => task.endpointId === endpoint.id),
      { what: 'the dead letter' },
    );
    expect(dead.deadLetter?.reason).toBe('endpoint disabled (zombie)');
    expect(requestsTo('/disabled-later').length).toBeLessThanOrEqual(2);
    const conflict = await harness.api('POST', `/v1/endpoints/${endpoint.id}/recover`, acme.apiKey, {});
    expect(conflict.status).toBe(409);
  });
});
