import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type CreatedEndpoint,
  type CreatedTenant,
  type LocalPlatform,
  type ReceivedRequest,
  type TestDatabase,
} from '@hookline/testing';
import type { AttributeValue, ReceivedSpan } from '../../tools/traces/otlp-span';
import { OtlpTraceReceiver } from '../../tools/traces/otlp-trace-receiver';
import { formatTrace } from '../../tools/traces/span-tree';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** How each hop's span is recognised. */
const HOPS = {
  ingest: (span: ReceivedSpan) => span.service === 'hookline-producer' && span.kind === 'server',
  relay: (span: ReceivedSpan) => span.kind === 'producer',
  routing: (span: ReceivedSpan) =>
    span.service === 'hookline-delivery' &&
    span.kind === 'consumer' &&
    span.name.endsWith('hookline.events.v1'),
  delivery: (span: ReceivedSpan) =>
    span.service === 'hookline-delivery' && span.kind === 'consumer' && span.name.includes('.retry.'),
  attempt: (span: ReceivedSpan) => span.service === 'hookline-delivery' && span.kind === 'client',
  health: (span: ReceivedSpan) =>
    span.service === 'hookline-health' && span.name.endsWith('hookline.delivery-outcomes.v1'),
};

/**
 * One event through the four built services with tracing on, exported over OTLP/HTTP (protobuf, the SDK's
 * default) to a receiver on 127.0.0.1: the ingest request, the outbox relay's publish, delivery, the
 * webhook POST and the health projection must be one connected trace, and no span may carry a secret.
 */
describe('tracing: one event is one connected trace from ingest to the health projection', () => {
  const secrets = generatePlatformSecrets();
  const webhooks = new TestReceiver();
  const collector = new OtlpTraceReceiver();
  const namespace = `e2e${randomBytes(4).toString('hex')}.`;
  const eventId = `evt_trace_${randomBytes(3).toString('hex')}`;
  let database: TestDatabase;
  let platform: LocalPlatform;
  let tenant: CreatedTenant;
  let endpoint: CreatedEndpoint;
  let webhook: ReceivedRequest;
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    database = await createTestDatabase();
    await webhooks.start();
    const otlpEndpoint = await collector.start(0);
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
      // Loading and starting the SDK adds about a second of CPU per service; on a loaded machine the four
      // starting at once need more than the default minute.
      readyTimeoutMs: 150_000,
      extra: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    const client = new PlatformClient(platform.urls, secrets);
    tenant = await client.createTenant({ id: `trace-${randomBytes(3).toString('hex')}`, name: 'Traced' });
    endpoint = await client.createEndpoint(tenant.apiKey, {
      url: webhooks.url('/traced'),
      eventTypes: ['customer.*'],
    });
    const published = await client.publishEvent({
      id: eventId,
      type: 'customer.created',
      subject: 'cus_traced',
      tenant: tenant.id,
      data: { name: 'Grace Hopper' },
    });
    expect(published.status).toBe(202);
    webhook = await waitFor(() => webhooks.requests.find((request) => request.body.includes(eventId)), {
      what: 'the webhook',
    });
    const [, traceId] = TRACEPARENT.exec(String(webhook.headers.traceparent)) ?? [];
    // Each service exports on its own schedule (a consumer span ends only after what it published was
    // acknowledged, so the next hop's span can arrive first): wait until every hop's span is in.
    spans = await waitFor(
      () => {
        const trace = collector.trace(traceId ?? '');
        return Object.values(HOPS).every((hop) => trace.some(hop)) ? trace : undefined;
      },
      { what: 'a span from every hop', timeoutMs: 30_000 },
    );
  });

  afterAll(async () => {
    await platform?.stop();
    await webhooks.stop();
    await collector.stop();
    await database?.drop();
  });

  const one = (description: string, match: (span: ReceivedSpan) => boolean): ReceivedSpan => {
    const found = spans.filter(match);
    if (found.length !== 1) {
      throw new Error(`expected one ${description}, found ${found.length}:\n${formatTrace('', spans)}`);
    }
    return found[0];
  };
  const parentOf = (span: ReceivedSpan) => spans.find((candidate) => candidate.spanId === span.parentSpanId);

  it('starts at the ingest request and connects every span to it', () => {
    const ingest = one('ingest server span', HOPS.ingest);
    expect(ingest).toMatchObject({
      parentSpanId: '',
      name: expect.stringContaining('/v1/events'),
      attributes: expect.objectContaining({ 'hookline.tenant': tenant.id, 'hookline.event_id': eventId }),
    });
    // One root; every other span's parent is in the trace (nothing detached, nothing missing).
    const roots = spans.filter((span) => span.parentSpanId === '');
    expect(roots.map((span) => span.spanId)).toEqual([ingest.spanId]);
    for (const span of spans) {
      if (span !== ingest)
        expect({ span: span.name, parent: parentOf(span)?.spanId }).toEqual({
          span: span.name,
          parent: span.parentSpanId,
        });
    }
  });

  it('chains ingest → outbox relay → routing → endpoint lane → webhook POST, and the lane → health projection', () => {
    const ingest = one('ingest server span', HOPS.ingest);
    const relay = one('relay publish span', HOPS.relay);
    const routing = one('delivery routing span', HOPS.routing);
    const delivery = one('delivery attempt-lane consumer span', HOPS.delivery);
    const attempt = one('webhook attempt span', HOPS.attempt);
    const health = one('health projection span', HOPS.health);

    expect(relay).toMatchObject({
      service: 'hookline-producer',
      name: `send ${namespace}hookline.events.v1`,
      attributes: expect.objectContaining({ 'hookline.event_id': eventId, 'hookline.tenant': tenant.id }),
    });
    // The row was written inside the request, so the relay's publish continues the request's trace.
    const ancestors = (span: ReceivedSpan): string[] => {
      const parent = parentOf(span);
      return parent === undefined ? [] : [parent.spanId, ...ancestors(parent)];
    };
    expect(ancestors(relay)).toContain(ingest.spanId);

    expect(routing).toMatchObject({
      parentSpanId: relay.spanId,
      name: `process ${namespace}hookline.events.v1`,
      attributes: expect.objectContaining({ 'hookline.event_id': eventId, 'hookline.tenant': tenant.id }),
    });
    // The first attempt is made by the endpoint's owner, from the 0s lane the routing step published to.
    expect(delivery).toMatchObject({
      parentSpanId: routing.spanId,
      name: `process ${namespace}hookline.deliveries.retry.0s`,
      attributes: expect.objectContaining({
        'hookline.event_id': eventId,
        'hookline.endpoint_id': endpoint.id,
      }),
    });
    expect(attempt).toMatchObject({
      parentSpanId: delivery.spanId,
      status: 'unset',
      attributes: expect.objectContaining({
        'hookline.event_id': eventId,
        'hookline.tenant': tenant.id,
        'hookline.endpoint_id': endpoint.id,
        'hookline.attempt': 1,
        'http.response.status_code': 200,
      }),
    });
    expect(health).toMatchObject({
      kind: 'consumer',
      name: `process ${namespace}hookline.delivery-outcomes.v1`,
      parentSpanId: delivery.spanId,
      attributes: expect.objectContaining({
        'hookline.event_id': eventId,
        'hookline.tenant': tenant.id,
        'hookline.endpoint_id': endpoint.id,
        'hookline.attempt': 1,
      }),
    });
  });

  it("gives the receiver a traceparent naming the attempt's span", () => {
    const attempt = one('webhook attempt span', HOPS.attempt);
    expect(webhook.headers.traceparent).toBe(`00-${attempt.traceId}-${attempt.spanId}-01`);
  });

  it('puts no credential in any span or resource attribute of any trace', () => {
    const credentials = [
      secrets.ingestToken,
      secrets.operatorToken,
      secrets.secretEncryptionKeys.split(':')[1],
      tenant.apiKey,
      endpoint.secret,
      endpoint.secret.replace(/^whsec_/, ''),
    ];
    const everything = collector.spans;
    expect(everything.length).toBeGreaterThan(spans.length - 1);
    const leaks: string[] = [];
    for (const span of everything) {
      for (const [key, value] of Object.entries({ ...span.resource, ...span.attributes })) {
        const text = flatten(value);
        if (/authorization|cookie|api[-_]?key|secret/i.test(key)) leaks.push(`${span.name}: key ${key}`);
        if (/whsec_|bearer /i.test(text) || credentials.some((credential) => text.includes(credential))) {
          leaks.push(`${span.name}: ${key}`);
        }
      }
      if (span.statusMessage !== undefined && credentials.some((c) => span.statusMessage?.includes(c))) {
        leaks.push(`${span.name}: status message`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

function flatten(value: AttributeValue): string {
  return Array.isArray(value) ? value.map(flatten).join(' ') : String(value);
}
