import { batchEventId, eventPartitionKey, type HooklineEvent } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { ProducerHarness } from './producer-harness';

/** `POST /v1/events` and `POST /v1/batches` against the producer as a process, real Kafka and Postgres. */
const HEAP_CAP_MIB = 128;

describe('producer HTTP ingest', () => {
  const producer = new ProducerHarness();
  let tenant: string;

  beforeAll(async () => {
    // A capped heap: a producer that held a 100,000-subject batch's events at once would run out of memory.
    await producer.start({
      INGEST_BATCH_BODY_LIMIT: '4mb',
      NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}`,
    });
    tenant = await producer.createTenant();
  });

  afterAll(() => producer.stop());

  const lifecycle = (action: string, data: Record<string, unknown>) => ({
    id: `evt_${action}`,
    type: `conversation.${action}`,
    subject: 'conv_1',
    tenant,
    data,
  });

  it('publishes every lifecycle action of one entity to events.v1, in order, keyed by entity', async () => {
    const submitted = [
      lifecycle('created', { subject: 'Printer on fire', status: 'open' }),
      lifecycle('updated', { status: 'closed', previous: { status: 'open' } }),
      lifecycle('deleted', { deletedBy: 'agent_7' }),
      lifecycle('restored', { restoredBy: 'agent_7' }),
      lifecycle('deleted_forever', { snapshot: { subject: 'Printer on fire', status: 'closed' } }),
    ];
    for (const event of submitted) {
      expect(await producer.post('/v1/events', event)).toEqual({
        status: 202,
        body: { id: event.id, duplicate: false },
      });
    }
    const records = await producer.rawEvents(5);
    const ofEntity = records.filter((r) => r.key?.toString() === `${tenant}:conversation:conv_1`);
    expect(ofEntity.map((r) => (JSON.parse(r.value!.toString()) as HooklineEvent).type)).toEqual(
      submitted.map((event) => event.type),
    );
    const updated = JSON.parse(ofEntity[1].value!.toString()) as HooklineEvent;
    expect(updated).toMatchObject({
      specversion: '1.0',
      id: 'evt_updated',
      source: `/hookline/tenants/${tenant}`,
      tenantid: tenant,
      datacontenttype: 'application/json',
      data: { status: 'closed', previous: { status: 'open' } },
    });
    expect(ofEntity[1].headers?.ce_id?.toString()).toBe('evt_updated');
    expect(ofEntity[1].headers?.ce_type?.toString()).toBe('conversation.updated');
  });

  it('accepts an array, answering per event, and accepts the same id once (200, duplicate: true)', async () => {
    const events = [1, 2].map((n) => ({
      id: `evt_arr_${n}`,
      type: 'ticket.created',
      subject: `tk_${n}`,
      tenant,
      data: {},
    }));
    expect(await producer.post('/v1/events', events)).toEqual({
      status: 202,
      body: {
        accepted: 2,
        duplicates: 0,
        events: [
          { id: 'evt_arr_1', duplicate: false },
          { id: 'evt_arr_2', duplicate: false },
        ],
      },
    });
    expect(await producer.post('/v1/events', events[0])).toEqual({
      status: 200,
      body: { id: 'evt_arr_1', duplicate: true },
    });
    const all = await producer.events(7);
    expect(all.filter((event) => event.id === 'evt_arr_1')).toHaveLength(1);
  });

  it('refuses bad input with 400 and a message per field, and accepts none of an array with one bad event', async () => {
    const bad = await producer.post('/v1/events', { type: 'Not A Type', tenant, data: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as Array<{ field: string }>).map((e) => e.field).sort()).toEqual([
      'data',
      'extra',
      'subject',
      'type',
    ]);
    const mixed = await producer.post('/v1/events', [
      { id: 'evt_mixed_ok', type: 'ticket.created', subject: 't', tenant, data: {} },
      { id: 'evt_mixed_bad', type: 'ticket.exploded', subject: 't', tenant, data: {} },
    ]);
    expect(mixed.status).toBe(400);
    expect(mixed.body.errors).toEqual([
      { field: '[1].type', message: expect.stringContaining('is not an event type this tenant registered') },
    ]);
    expect((await producer.post('/v1/events', 'not json')).status).toBe(400);
    const unknownTenant = await producer.post('/v1/events', {
      type: 'a.created',
      subject: 's',
      tenant: 'ghost',
      data: {},
    });
    expect(unknownTenant).toMatchObject({ status: 400, body: { errors: [{ field: 'tenant' }] } });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = await producer.events(7, 0);
    expect(all.some((event) => event.id === 'evt_mixed_ok')).toBe(false);
  });

  it('validates registered custom types and their data schema', async () => {
    await producer.registerEventType(tenant, 'invoice.paid', {
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'number' } },
    });
    const paid = (data: Record<string, unknown>, id: string) =>
      producer.post('/v1/events', { id, type: 'invoice.paid', subject: 'inv_1', tenant, data });
    // The producer learns the type from the subscriptions topic: until its replica has applied the record,
    // the type itself is refused. Wait for that, not for a fixed time.
    const rejected = await waitFor(
      async () => {
        const answer = await paid({ amount: 'ten' }, 'evt_paid_bad');
        const [first] = (answer.body.errors ?? []) as { field?: string }[];
        return first?.field === 'type' ? undefined : answer;
      },
      { what: 'the producer to know invoice.paid', timeoutMs: 30_000 },
    );
    expect(rejected).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'data.amount', message: 'must be number' }] },
    });
    expect((await paid({ amount: 10 }, 'evt_paid_ok')).status).toBe(202);
  });

  it('requires the ingest token (401) and answers 413 over the body limits', async () => {
    const event = { type: 'a.created', subject: 's', tenant, data: {} };
    expect((await producer.post('/v1/events', event, null)).status).toBe(401);
    expect((await producer.post('/v1/events', event, 'ingest_wrong_token_0000')).status).toBe(401);
    expect(
      (await producer.post('/v1/batches', { type: 'a.deleted', tenant, subjects: ['x'] }, null)).status,
    ).toBe(401);
    const big = { ...event, data: { blob: 'x'.repeat(300 * 1024) } };
    expect((await producer.post('/v1/events', big)).status).toBe(413);
    const hugeBatch = {
      type: 'a.deleted',
      tenant,
      subjects: Array.from({ length: 500_000 }, (_, i) => `subject_${i}`),
    };
    expect((await producer.post('/v1/batches', hugeBatch)).status).toBe(413);
  });

  it('expands a 100,000-subject batch into 100,000 events with unique deterministic ids, in order per entity, and a retry adds none', async () => {
    const bulkTenant = await producer.createTenant();
    const subjects = Array.from({ length: 100_000 }, (_, i) => `c${i + 1}`);
    for (const subject of ['c1', 'c2']) {
      await producer.post('/v1/events', {
        id: `pre_${subject}`,
        type: 'conversation.created',
        subject,
        tenant: bulkTenant,
        data: {},
      });
    }
    const batch = {
      id: 'bulk-delete-1',
      type: 'conversation.deleted',
      tenant: bulkTenant,
      data: { by: 'agent_7' },
      subjects,
    };
    const heapBefore = await producer.metric('nodejs_heap_size_used_bytes');
    let heapPeak = heapBefore;
    const sampler = setInterval(() => {
      void producer
        .metric('nodejs_heap_size_used_bytes')
        .then((used) => (heapPeak = Math.max(heapPeak, used)));
    }, 100);
    const started = Date.now();
    const answer = await producer.post('/v1/batches', batch);
    const acceptedMs = Date.now() - started;
    expect(answer).toEqual({
      status: 202,
      body: {
        batchid: 'bulk-delete-1',
        batchsize: 100_000,
        accepted: 100_000,
        duplicates: 0,
        duplicate: false,
      },
    });
    for (const subject of ['c1', 'c2']) {
      await producer.post('/v1/events', {
        id: `post_${subject}`,
        type: 'conversation.restored',
        subject,
        tenant: bulkTenant,
        data: {},
      });
    }
    const expected = 100_004;
    const all = (await producer.events(expected, 2_000, 120_000)).filter((e) => e.tenantid === bulkTenant);
    clearInterval(sampler);
    console.log(
      `100,000-subject batch: accepted in ${acceptedMs} ms, on events.v1 after ${Date.now() - started} ms; ` +
        `producer heap used ${Math.round(heapBefore / 2 ** 20)} → peak ${Math.round(heapPeak / 2 ** 20)} MiB ` +
        `(old space capped at ${HEAP_CAP_MIB} MiB)`,
    );
    expect(all).toHaveLength(expected);
    const expanded = all.filter((event) => event.batchid === 'bulk-delete-1');
    expect(expanded).toHaveLength(100_000);
    expect(new Set(expanded.map((event) => event.id)).size).toBe(100_000);
    expect(expanded.find((event) => event.subject === 'c77')).toMatchObject({
      id: batchEventId('bulk-delete-1', 'c77'),
      batchindex: 76,
      batchsize: 100_000,
      data: { by: 'agent_7' },
    });
    for (const subject of ['c1', 'c2']) {
      const key = eventPartitionKey({ tenantid: bulkTenant, type: 'conversation.deleted', subject });
      expect(all.filter((event) => eventPartitionKey(event) === key).map((event) => event.type)).toEqual([
        'conversation.created',
        'conversation.deleted',
        'conversation.restored',
      ]);
    }
    // Memory holds the body and one chunk of events at a time: the process lived through it under its cap.
    expect(producer.process.pid).toBeGreaterThan(0);
    expect((await fetch(`${producer.url}/healthz`)).status).toBe(200);

    const retried = await producer.post('/v1/batches', { ...batch, subjects: [...subjects].reverse() });
    expect(retried).toEqual({
      status: 200,
      body: {
        batchid: 'bulk-delete-1',
        batchsize: 100_000,
        accepted: 0,
        duplicates: 100_000,
        duplicate: true,
      },
    });
    const afterRetry = await producer.events(expected, 1_500, 120_000);
    expect(afterRetry.filter((e) => e.tenantid === bulkTenant)).toHaveLength(expected);
  });

  it('takes a small batch operation on /v1/events and derives its batch id from the content when none is given', async () => {
    const batch = {
      type: 'ticket.deleted',
      tenant,
      subjects: ['t1', 't2', { subject: 't3', data: { reason: 'spam' } }],
    };
    const first = await producer.post('/v1/events', batch);
    expect(first).toMatchObject({ status: 202, body: { batchsize: 3, accepted: 3, duplicates: 0 } });
    const again = await producer.post('/v1/events', batch);
    expect(again).toMatchObject({
      status: 200,
      body: { batchid: first.body.batchid, accepted: 0, duplicate: true },
    });
  });

  it('reports accepted, duplicate and rejected counts and the outbox backlog on /metrics', async () => {
    expect(await producer.metric('hookline_producer_events_accepted_total', '{path="http"}')).toBeGreaterThan(
      100_000,
    );
    expect(
      await producer.metric('hookline_producer_events_duplicate_total', '{path="http"}'),
    ).toBeGreaterThanOrEqual(100_004);
    expect(
      await producer.metric('hookline_producer_submissions_rejected_total', '{path="http"}'),
    ).toBeGreaterThanOrEqual(3);
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    expect(metrics).toMatch(/^hookline_producer_outbox_backlog \d+$/m);
    expect(metrics).toMatch(/^hookline_producer_batch_subjects_expanded_total \d+$/m);
  });
});
