import type { KafkaMessage, Producer } from 'kafkajs';
import type { HooklineEvent } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { ProducerHarness } from './producer-harness';

/**
 * `hookline.ingest.v1` as an upstream system with its own Kafka producer uses it: a plain kafkajs producer,
 * JSON values, no Hookline code. Valid records become canonical events; bad ones go to the dead-letter topic
 * with their reason, and the consumer carries on.
 */
describe('producer Kafka ingest', () => {
  const producer = new ProducerHarness();
  let upstream: Producer;
  let tenant: string;

  beforeAll(async () => {
    await producer.start();
    tenant = await producer.createTenant();
    await producer.registerEventType(tenant, 'invoice.paid', {
      type: 'object',
      required: ['amount'],
      properties: { amount: { type: 'number' } },
    });
    upstream = producer.kafka.kafka.producer();
    await upstream.connect();
  });

  afterAll(async () => {
    await upstream.disconnect();
    await producer.stop();
  });

  const send = (value: unknown, key = 'k') =>
    upstream.send({
      topic: producer.kafka.topics.ingest,
      messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
    });

  const sendNotice = (value: unknown) =>
    upstream.send({
      topic: producer.kafka.topics.operationalNotices,
      messages: [{ key: 'notice', value: JSON.stringify(value) }],
    });

  const header = (record: KafkaMessage, name: string) => record.headers?.[name]?.toString();

  it('turns single events, arrays and batch operations into canonical events, the same as HTTP', async () => {
    await send({ id: 'k_1', type: 'customer.created', subject: 'cus_1', tenant, data: { name: 'Ada' } });
    await send([
      {
        id: 'k_2',
        type: 'customer.updated',
        subject: 'cus_1',
        tenant,
        data: { name: 'Ada L', previous: { name: 'Ada' } },
      },
      { type: 'customer.deleted', subject: 'cus_1', tenantid: tenant, data: {} },
    ]);
    await send({ id: 'bulk_k', type: 'customer.deleted_forever', tenant, subjects: ['cus_2', 'cus_3'] });
    await send({ type: 'invoice.paid', subject: 'inv_1', tenant, data: { amount: 12 } });
    const events = await producer.events(6);
    expect(events.map((event) => event.type).sort()).toEqual([
      'customer.created',
      'customer.deleted',
      'customer.deleted_forever',
      'customer.deleted_forever',
      'customer.updated',
      'invoice.paid',
    ]);
    const ofCustomer1 = events.filter((event) => event.subject === 'cus_1').map((event) => event.type);
    expect(ofCustomer1).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
    const derived = events.find((event) => event.type === 'customer.deleted') as HooklineEvent;
    expect(derived.id).toMatch(/^ing_[A-Za-z0-9_-]{32}$/);
    expect(events.filter((event) => event.batchid === 'bulk_k').map((event) => event.batchsize)).toEqual([
      2, 2,
    ]);
  });

  it("exports the ingest consumer's lag on /metrics once it has processed records", async () => {
    const metrics = await (await fetch(`${producer.url}/metrics`)).text();
    expect(metrics).toMatch(
      /^hookline_kafka_consumer_lag\{group="[^"]*\.ingest",topic="[^"]+",partition="\d+"\} \d+$/m,
    );
  });

  it('dead-letters each bad record with its reason in the headers, and keeps consuming', async () => {
    await send('{"type": "customer.created", ', 'malformed');
    await send({ type: 'customer.created', subject: 'cus_9', data: {} }, 'missing-tenant');
    await send({ type: 'customer.exploded', subject: 'cus_9', tenant, data: {} }, 'unknown-type');
    await send({ type: 'customer.created', subject: 'cus_9', tenant: 'nobody', data: {} }, 'unknown-tenant');
    await send({ type: 'invoice.paid', subject: 'inv_2', tenant, data: { amount: 'lots' } }, 'bad-data');
    await send({ id: 'k_after', type: 'customer.created', subject: 'cus_10', tenant, data: {} }, 'good');
    const dead = await producer.kafka.readTopic(producer.kafka.topics.ingestDeadLetter, 5);
    const reasons = Object.fromEntries(
      dead.map((record) => [record.key!.toString(), header(record, 'hookline-dlq-reason')]),
    );
    expect(reasons).toEqual({
      malformed: expect.stringMatching(/^\(root\): is not valid JSON/),
      'missing-tenant': 'tenant: is required',
      'unknown-type': expect.stringMatching(/^type: is not an event type this tenant registered/),
      'unknown-tenant': 'tenant: "nobody" is not a known tenant',
      'bad-data': 'data.amount: must be number',
    });
    const malformed = dead.find((record) => record.key!.toString() === 'malformed')!;
    expect(malformed.value!.toString()).toBe('{"type": "customer.created", ');
    expect(header(malformed, 'hookline-dlq-source-topic')).toBe(producer.kafka.topics.ingest);
    expect(header(malformed, 'hookline-dlq-source-offset')).toMatch(/^\d+$/);
    const events = await producer.events(7);
    expect(events.some((event) => event.id === 'k_after')).toBe(true);
    expect(await producer.metric('hookline_producer_ingest_dead_lettered_total', '{cause="malformed"}')).toBe(
      1,
    );
    expect(await producer.metric('hookline_producer_ingest_dead_lettered_total', '{cause="invalid"}')).toBe(
      4,
    );
  });

  it('dead-letters a record whose data is nested 12,000 deep, and processes the next record of its partition', async () => {
    const deep = `{"type":"customer.created","subject":"cus_deep","tenant":"${tenant}","data":${'{"d":'.repeat(12_000)}1${'}'.repeat(12_000)}}`;
    await send(deep, 'deep');
    // Same key, so the same partition, right behind the deep record.
    await send(
      { id: 'k_after_deep', type: 'customer.created', subject: 'cus_deep', tenant, data: {} },
      'deep',
    );
    const events = await producer.events(8);
    expect(events.some((event) => event.id === 'k_after_deep')).toBe(true);
    const dead = await producer.kafka.readTopicUntil(producer.kafka.topics.ingestDeadLetter, (records) =>
      records.some((record) => record.key?.toString() === 'deep'),
    );
    const deadDeep = dead.find((record) => record.key?.toString() === 'deep')!;
    expect(header(deadDeep, 'hookline-dlq-reason')).toMatch(/nested deeper than/);
    expect(header(deadDeep, 'hookline-dlq-reason-class')).toBe('invalid');
    expect(header(deadDeep, 'hookline-dlq-consumer')).toBe('producer.ingest');
    expect(deadDeep.value!.length).toBe(Buffer.byteLength(deep));
  });

  it("refuses Hookline's operational types on the upstream ingest topic: dead-lettered as reserved", async () => {
    await send(
      {
        id: 'forged',
        type: 'endpoint.disabled',
        subject: 'ep_forged',
        tenant,
        data: { endpointId: 'ep_forged', enabled: false },
      },
      'forged',
    );
    const dead = await producer.kafka.readTopicUntil(producer.kafka.topics.ingestDeadLetter, (records) =>
      records.some((record) => record.key?.toString() === 'forged'),
    );
    const forged = dead.find((record) => record.key?.toString() === 'forged')!;
    expect(header(forged, 'hookline-dlq-reason')).toMatch(/^type: is reserved for Hookline's own notices/);
    expect(header(forged, 'hookline-dlq-reason-class')).toBe('reserved-type');
    expect(header(forged, 'hookline-dlq-tenant-id')).toBe(tenant);
  });

  it("accepts the subscription service's operational events, from the notices topic only it writes", async () => {
    await sendNotice({
      id: 'endpoint.disabled:ep_1:3',
      source: '/hookline/subscription',
      type: 'endpoint.disabled',
      subject: 'ep_1',
      tenant,
      time: '2026-11-23T10:00:00.000Z',
      data: { endpointId: 'ep_1', enabled: false, disabledReason: 'no success for 5 days' },
    });
    const events = await producer.events(9);
    expect(events.find((event) => event.type === 'endpoint.disabled')).toMatchObject({
      id: 'endpoint.disabled:ep_1:3',
      source: '/hookline/subscription',
      tenantid: tenant,
    });
  });

  it('applies each record once even when the whole topic is read again (offsets kept with the events)', async () => {
    await producer.process.kill();
    // Rewind the consumer group to the beginning, as a lost offset commit would: every record comes again.
    const groupId = `${producer.kafka.namespace}hookline.producer.ingest`;
    const admin = producer.kafka.kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => (await admin.describeGroups([groupId])).groups[0]?.state === 'Empty', {
        timeoutMs: 60_000,
        intervalMs: 1_000,
        what: 'the killed consumer to leave the group',
      });
      await admin.resetOffsets({ groupId, topic: producer.kafka.topics.ingest, earliest: true });
    } finally {
      await admin.disconnect();
    }
    await producer.launch();
    await send({ id: 'k_restart', type: 'customer.created', subject: 'cus_11', tenant, data: {} });
    const events = await producer.events(10, 3_000);
    expect(events).toHaveLength(10);
    expect(new Set(events.map((event) => event.id)).size).toBe(10);
    const dead = await producer.kafka.readTopic(producer.kafka.topics.ingestDeadLetter, 7);
    expect(dead).toHaveLength(7);
  });
});
