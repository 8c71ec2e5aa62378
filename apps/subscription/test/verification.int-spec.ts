import { Webhook } from 'standardwebhooks';
import { webhookIdFor, type EndpointRecord, type HooklineEvent } from '@hookline/contracts';
import { REFUSED_DESTINATION_MESSAGES, type HostResolver } from '@hookline/egress';
import {
  TestReceiver,
  createTestDatabase,
  createTestKafka,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { signatureHeaders, startEchoReceiver } from './support/echo-receiver';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import { startSubscriptionTestApp, type SubscriptionTestApp } from './support/subscription-test-app';
import { waitForRecord } from './support/topic-records';

/**
 * Verification: a signed `webhook.endpoint.verification` challenge over real HTTP through the guarded egress
 * dispatcher; the endpoint must echo it; the result is recorded on the endpoint and its state record.
 */
describe('endpoint verification (real HTTP receivers, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let receiver: Awaited<ReturnType<typeof startEchoReceiver>>;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    receiver = await startEchoReceiver();
    app = await startSubscriptionTestApp({ database, kafka });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await database?.drop();
  });

  const create = async (path: string, extra: Record<string, unknown> = {}) =>
    (await app.call('POST', '/v1/endpoints', tenant.apiKey, { url: receiver.url(path), ...extra })).body as {
      id: string;
      secret: string;
      verificationResult?: Record<string, unknown>;
    };
  const requestsTo = (path: string) => receiver.requests.filter((request) => request.path === path);

  it('sends a signed webhook.endpoint.verification event and records that the endpoint echoed it', async () => {
    const endpoint = await create('/ok', { headers: { 'x-team': 'billing' } });
    const answer = await app.call('POST', `/v1/endpoints/${endpoint.id}/verify`, tenant.apiKey);
    expect(answer).toMatchObject({ status: 200, body: { status: 'verified', statusCode: 200, error: null } });

    const [request] = requestsTo('/ok');
    const event = new Webhook(endpoint.secret).verify(
      request.body,
      signatureHeaders(request),
    ) as HooklineEvent;
    expect(event).toMatchObject({
      id: answer.body.eventId,
      type: 'webhook.endpoint.verification',
      subject: endpoint.id,
      tenantid: tenant.id,
      data: { challenge: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/), endpointId: endpoint.id },
    });
    expect(request.headers['webhook-id']).toBe(webhookIdFor(tenant.id, event.id, endpoint.id));
    expect(answer.body.webhookId).toBe(request.headers['webhook-id']);
    expect(request.headers['x-team']).toBe('billing');
    expect(request.headers['user-agent']).toMatch(/^Hookline-Webhooks\//);

    const read = await app.call('GET', `/v1/endpoints/${endpoint.id}`, tenant.apiKey);
    expect(read.body).toMatchObject({ verification: { status: 'verified', error: null }, version: 2 });
    expect(read.body.verification.checkedAt).toBe(answer.body.checkedAt);
    const record = await waitForRecord<EndpointRecord>(
      kafka,
      kafka.topics.subscriptions,
      endpoint.id,
      (r) => r.version === 2,
    );
    expect(record.verification).toEqual({ status: 'verified', checkedAt: answer.body.checkedAt });
  });

  it('verifies on creation when asked, and reports the result in the creation answer', async () => {
    const endpoint = await create('/on-create', { verify: true });
    expect(endpoint.verificationResult).toMatchObject({ status: 'verified' });
    expect(endpoint).toMatchObject({ verification: { status: 'verified' }, version: 2 });
    expect(requestsTo('/on-create')).toHaveLength(1);
  });

  it('records a failure, with the reason, when the endpoint does not echo the challenge', async () => {
    const endpoint = await create('/mute');
    receiver.refuse = true;
    try {
      const answer = await app.call('POST', `/v1/endpoints/${endpoint.id}/verify`, tenant.apiKey);
      expect(answer.body).toMatchObject({
        status: 'failed',
        statusCode: 200,
        error: 'endpoint answered 2xx but did not echo the challenge',
      });
    } finally {
      receiver.refuse = false;
    }
    const read = await app.call('GET', `/v1/endpoints/${endpoint.id}`, tenant.apiKey);
    expect(read.body.verification).toMatchObject({
      status: 'failed',
      error: 'endpoint answered 2xx but did not echo the challenge',
    });
    // A later success replaces the failure; a new URL is unverified again.
    expect((await app.call('POST', `/v1/endpoints/${endpoint.id}/verify`, tenant.apiKey)).body.status).toBe(
      'verified',
    );
    const moved = await app.call('PATCH', `/v1/endpoints/${endpoint.id}`, tenant.apiKey, {
      url: receiver.url('/moved'),
    });
    expect(moved.body.verification).toEqual({ status: 'unverified', checkedAt: null, error: null });
  });

  it('fails on an error status, on a redirect it does not follow, and on a timeout', async () => {
    const other = new TestReceiver();
    other.reply = (request) =>
      request.path === '/error'
        ? { status: 500 }
        : request.path === '/redirect'
          ? { status: 307, headers: { location: receiver.url('/ok') } }
          : { status: 200, delayMs: 3_000 };
    await other.start();
    try {
      const results: Record<string, unknown> = {};
      for (const path of ['/error', '/redirect', '/slow']) {
        const endpoint = (await app.call('POST', '/v1/endpoints', tenant.apiKey, { url: other.url(path) }))
          .body as { id: string };
        results[path] = (await app.call('POST', `/v1/endpoints/${endpoint.id}/verify`, tenant.apiKey)).body;
      }
      expect(results['/error']).toMatchObject({ status: 'failed', statusCode: 500 });
      expect(results['/redirect']).toMatchObject({ status: 'failed', statusCode: 307 });
      expect(results['/slow']).toMatchObject({
        status: 'failed',
        statusCode: null,
        error: 'request failed: timed out',
      });
      expect(other.requests.map((request) => request.path)).toEqual(['/error', '/redirect', '/slow']);
    } finally {
      await other.stop();
    }
  });

  it('goes through the guarded dispatcher: a name that now resolves to loopback is refused at send time', async () => {
    let rebindTo = '93.184.215.14';
    const resolver: HostResolver = (hostname) =>
      hostname === 'rebind.example.com'
        ? Promise.resolve([{ address: rebindTo, family: 4 }])
        : Promise.reject(new Error('ENOTFOUND'));
    const strict = await startSubscriptionTestApp({
      database,
      kafka,
      resolveHost: resolver,
      env: { ALLOW_LOOPBACK_ENDPOINTS: 'false' },
    });
    try {
      const owner = await createTenant(strict);
      const port = new URL(receiver.url()).port;
      const created = await strict.call('POST', '/v1/endpoints', owner.apiKey, {
        url: `http://rebind.example.com:${port}/rebound`,
      });
      expect(created.status).toBe(201);
      rebindTo = '127.0.0.1';
      const answer = await strict.call('POST', `/v1/endpoints/${created.body.id}/verify`, owner.apiKey);
      expect(answer.body).toMatchObject({
        status: 'failed',
        statusCode: null,
        error: `request failed: ${REFUSED_DESTINATION_MESSAGES.blocked}`,
      });
      expect(JSON.stringify(answer.body)).not.toContain('127.0.0.1');
      expect((await strict.call('GET', `/v1/endpoints/${created.body.id}`, owner.apiKey)).body).toMatchObject(
        {
          verification: {
            status: 'failed',
            error: `request failed: ${REFUSED_DESTINATION_MESSAGES.blocked}`,
          },
        },
      );
      // The server log says what it resolved to, with the ids to find it.
      const logged = strict.logs
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((line) => line.msg === 'endpoint verification failed' && line.endpointId === created.body.id);
      expect(logged).toMatchObject({
        tenantId: owner.id,
        detail: expect.stringContaining('127.0.0.1 is blocked (loopback)') as unknown,
      });
      expect(requestsTo('/rebound')).toHaveLength(0);
    } finally {
      await strict.stop();
    }
  });
});
