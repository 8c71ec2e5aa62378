import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { topicNames, type EndpointHealthDecision } from '@hookline/contracts';
import { KafkaPublisher, createKafkaClient } from '@hookline/kafka';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  freePort,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
  type ReceivedRequest,
  type TestDatabase,
} from '@hookline/testing';
import pino from 'pino';

const run = promisify(execFile);

interface Endpoint {
  id: string;
  secret: string;
}

/**
 * The subscription service in the whole pipeline: four services as processes, two replicas of each (as the
 * chart runs them), real Kafka, Postgres and receivers. What the API changes reaches delivery through the
 * subscriptions topic alone; API calls and events alternate between the replicas.
 */
describe('subscription service in the pipeline (two processes of every service)', () => {
  const secrets = generatePlatformSecrets();
  const namespace = `e2esub${randomBytes(3).toString('hex')}.`;
  const topics = topicNames(namespace);
  const receiver = new TestReceiver();
  const logDir = join(__dirname, '..', '..', 'reports', 'logs', namespace);
  const issued = new Set<string>();
  const kafka = createKafkaClient(
    { brokers: testKafkaBrokers().split(','), clientId: 'e2e-subscription', namespace, ssl: false },
    pino({ level: 'silent' }),
  );
  const publisher = new KafkaPublisher(kafka, pino({ level: 'silent' }));
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;
  /** One client per replica index: calls alternate between them, as behind a load balancer. */
  let clients: PlatformClient[];
  let calls = 0;
  const next = () => clients[calls++ % clients.length];
  let tenant: { id: string; apiKey: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    const ports = {
      producer: await freePort(),
      subscription: await freePort(),
      delivery: await freePort(),
      health: await freePort(),
    };
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir,
      ports,
      replicas: { producer: 2, subscription: 2, delivery: 2, health: 2 },
      readyTimeoutMs: 180_000,
      serviceEnv: { subscription: { DELIVERY_PUBLIC_URL: `http://127.0.0.1:${ports.delivery}` } },
    });
    client = new PlatformClient(platform.urls, secrets);
    clients = [0, 1].map(
      (replica) =>
        new PlatformClient(
          {
            producer: platform.replicaUrls.producer[replica],
            subscription: platform.replicaUrls.subscription[replica],
            delivery: platform.replicaUrls.delivery[replica],
            health: platform.replicaUrls.health[replica],
          },
          secrets,
        ),
    );
    await publisher.connect();
    tenant = await client.createTenant({ id: `sub-${randomBytes(3).toString('hex')}`, name: 'Pipeline' });
    issued.add(tenant.apiKey);
  });

  afterAll(async () => {
    await publisher.disconnect();
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  const api = (method: string, path: string, body?: unknown) =>
    client.call(
      method,
      `${platform.replicaUrls.subscription[calls++ % 2]}${path}`,
      tenant.apiKey,
      body,
    ) as Promise<{
      status: number;
      body: Record<string, unknown>;
    }>;
  const createEndpoint = async (path: string, eventTypes: string[]): Promise<Endpoint> => {
    const endpoint = (await next().createEndpoint(tenant.apiKey, {
      url: receiver.url(path),
      eventTypes,
    })) as Endpoint;
    issued.add(endpoint.secret);
    return endpoint;
  };
  const at = (path: string) => receiver.requests.filter((request) => request.path === path);
  const eventIdOf = (request: ReceivedRequest) => (JSON.parse(request.body) as { id: string }).id;
  const publish = async (type: string, id = `evt_${randomUUID()}`) => {
    const answer = await next().publishEvent({
      id,
      type,
      subject: 'subject-1',
      tenant: tenant.id,
      data: { n: id },
    });
    expect(answer.status).toBe(202);
    return id;
  };
  /**
   * Publishes probe events until one reaches `path`: from then on delivery's routing table holds every
   * change the API made before (the subscriptions topic is one ordered partition). Bounded: 20 probes.
   */
  const untilRouted = async (path: string, type: string) => {
    for (let probe = 0; probe < 20; probe++) {
      const id = await publish(type);
      const arrived = await waitFor(() => at(path).some((request) => eventIdOf(request) === id), {
        timeoutMs: 1_500,
        what: `probe ${id}`,
      }).catch(() => false);
      if (arrived !== false) return;
    }
    throw new Error(`no probe reached ${path}`);
  };

  it('routes to a new endpoint from the API answer on, and stops at a disabled one', async () => {
    const staying = await createEndpoint('/stays', ['customer.*']);
    const leaving = await createEndpoint('/leaves', ['customer.*']);
    await untilRouted('/stays', 'customer.created');
    await untilRouted('/leaves', 'customer.created');

    expect((await api('POST', `/v1/endpoints/${leaving.id}/disable`)).body.enabled).toBe(false);
    await createEndpoint('/marker-1', ['customer.*']);
    await untilRouted('/marker-1', 'customer.updated');
    const last = await publish('customer.deleted');
    await waitFor(() => at('/stays').some((request) => eventIdOf(request) === last), {
      what: 'the last event',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(at('/leaves').some((request) => eventIdOf(request) === last)).toBe(false);
    expect(at('/stays').length).toBeGreaterThan(0);
    expect(staying.id).not.toBe(leaving.id);
  });

  it('stores an endpoint URL with | and a space in its path normalised, and delivers to it', async () => {
    const created = await api('POST', '/v1/endpoints', {
      url: receiver.url('/pipe|and space'),
      eventTypes: ['invoice.*'],
    });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(receiver.url('/pipe|and%20space'));
    issued.add(created.body.secret as string);
    // Before the one URL rule, delivery's replica refused this record (`format: uri`) and never routed here.
    await untilRouted('/pipe|and%20space', 'invoice.restored');
  });

  it("reports a state record delivery's replica cannot apply in its readiness, and keeps routing", async () => {
    const endpoint = await createEndpoint('/unapplicable', ['invoice.*']);
    await untilRouted('/unapplicable', 'invoice.created');
    // A record no API would write (no service produces it): the replica must say so, not go quiet.
    await publisher.publish([
      {
        topic: topics.subscriptions,
        key: endpoint.id,
        value: JSON.stringify({ kind: 'endpoint', id: endpoint.id, url: 'ftp://nowhere.example/' }),
      },
    ]);
    const readiness = await waitFor(
      async () => {
        const answer = await fetch(`${platform.urls.delivery}/readyz`);
        const body = (await answer.json()) as {
          details: Record<string, { unapplicableRecords?: number; latest?: Array<{ key: string }> }>;
        };
        const table = body.details['routing-table'];
        return table?.latest?.some((record) => record.key === endpoint.id) === true ? table : undefined;
      },
      { what: "delivery's readiness to name the record" },
    );
    expect(readiness.unapplicableRecords).toBeGreaterThanOrEqual(1);
    // The rest of the routing table is untouched: the endpoint keeps its last good state.
    await untilRouted('/unapplicable', 'invoice.updated');
    const metrics = await (await fetch(`${platform.urls.delivery}/metrics`)).text();
    expect(metrics).toMatch(/hookline_replica_unapplicable_records_total\{[^}]*\} [1-9]/);
  });

  it('signs with both secrets during a rotation, as delivered by the delivery service', async () => {
    const endpoint = await createEndpoint('/rotating', ['order.*']);
    const rotated = await api('POST', `/v1/endpoints/${endpoint.id}/secret/rotate`, {});
    expect(rotated.status).toBe(200);
    issued.add(rotated.body.secret as string);
    const request = await waitFor(
      async () => {
        await publish('order.created');
        return at('/rotating').find((r) => String(r.headers['webhook-signature']).split(' ').length === 2);
      },
      { what: 'a delivery with two signatures', timeoutMs: 30_000, intervalMs: 1_000 },
    );
    const headers = {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    };
    for (const secret of [endpoint.secret, rotated.body.secret as string]) {
      expect(() => new Webhook(secret).verify(request.body, headers)).not.toThrow();
    }
  });

  it('sends a test event of any type to one endpoint through the real delivery path, and links to its attempt', async () => {
    const target = await createEndpoint('/target', ['invoice.created']);
    await createEndpoint('/bystander', ['*']);
    await untilRouted('/target', 'invoice.created');
    await untilRouted('/bystander', 'invoice.created');

    const sent = await api('POST', `/v1/endpoints/${target.id}/test`, {
      eventType: 'customer.created',
      data: { name: 'Test' },
    });
    expect(sent.status).toBe(202);
    const { eventId, webhookId, attemptsUrl } = sent.body as {
      eventId: string;
      webhookId: string;
      attemptsUrl: string;
    };
    const request = await waitFor(() => at('/target').find((r) => eventIdOf(r) === eventId), {
      what: 'the test event',
    });
    expect(request.headers['webhook-id']).toBe(webhookId);
    const delivered = new Webhook(target.secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(delivered).toMatchObject({
      id: eventId,
      type: 'customer.created',
      tenantid: tenant.id,
      data: { name: 'Test' },
    });

    expect(attemptsUrl).toBe(
      `${platform.urls.delivery}/v1/attempts?eventId=${eventId}&endpointId=${target.id}`,
    );
    const attempts = await waitFor(
      async () => {
        const page = (await client.call('GET', attemptsUrl, tenant.apiKey)) as {
          status: number;
          body: { data?: unknown[] };
        };
        return page.status === 200 && (page.body.data ?? []).length > 0 ? page.body.data : undefined;
      },
      { what: 'the attempt behind the link' },
    );
    expect(attempts).toEqual([
      expect.objectContaining({
        eventId,
        endpointId: target.id,
        webhookId,
        result: 'succeeded',
        statusCode: 200,
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(at('/bystander').some((r) => eventIdOf(r) === eventId)).toBe(false);
  });

  it("applies the health service's disable decision: disabled with the reason, and no more deliveries", async () => {
    const zombie = await createEndpoint('/zombie', ['ticket.*']);
    await untilRouted('/zombie', 'ticket.created');
    const decision: EndpointHealthDecision = {
      decisionId: `dec_${randomUUID()}`,
      endpointId: zombie.id,
      tenantId: tenant.id,
      decision: 'disable',
      reason: 'no successful delivery for 5 days',
      lastSuccessAt: null,
      decidedAt: new Date().toISOString(),
    };
    await publisher.publish([
      { topic: topics.endpointHealth, key: zombie.id, value: JSON.stringify(decision) },
    ]);
    const disabled = await waitFor(
      async () => {
        const read = await api('GET', `/v1/endpoints/${zombie.id}`);
        return read.body.enabled === false ? read.body : undefined;
      },
      { what: 'the endpoint disabled' },
    );
    expect(disabled).toMatchObject({ disabledReason: 'no successful delivery for 5 days' });
    await createEndpoint('/marker-2', ['ticket.*']);
    await untilRouted('/marker-2', 'ticket.updated');
    const after = await publish('ticket.deleted');
    await waitFor(() => at('/marker-2').some((r) => eventIdOf(r) === after), { what: 'the event after' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(at('/zombie').some((r) => eventIdOf(r) === after)).toBe(false);
  });

  it('emits endpoint.<action> operational events through the producer path, delivered like any event', async () => {
    const watcher = await createEndpoint('/operations', ['endpoint.*']);
    const watched = await createEndpoint('/watched', ['nothing.*']);
    const created = await waitFor(
      () => at('/operations').find((r) => eventIdOf(r) === `endpoint.created:${watched.id}:1`),
      { what: 'endpoint.created through the producer', timeoutMs: 30_000 },
    );
    const event = new Webhook(watcher.secret).verify(created.body, {
      'webhook-id': String(created.headers['webhook-id']),
      'webhook-timestamp': String(created.headers['webhook-timestamp']),
      'webhook-signature': String(created.headers['webhook-signature']),
    });
    expect(event).toMatchObject({
      type: 'endpoint.created',
      subject: watched.id,
      tenantid: tenant.id,
      source: '/hookline/subscription',
      data: { endpointId: watched.id, eventTypes: ['nothing.*'], enabled: true },
    });
    await api('POST', `/v1/endpoints/${watched.id}/disable`);
    await waitFor(() => at('/operations').find((r) => eventIdOf(r) === `endpoint.disabled:${watched.id}:2`), {
      what: 'endpoint.disabled through the producer',
      timeoutMs: 30_000,
    });
  });

  it('leaves no issued key or secret in plaintext in Postgres, on any topic, or in any service log', async () => {
    const { stdout: dump } = await run('pg_dump', ['--no-owner', database.url], {
      maxBuffer: 256 * 1024 * 1024,
    });
    const admin = kafka.admin();
    await admin.connect();
    const names = (await admin.listTopics()).filter((topic) => topic.startsWith(namespace));
    await admin.disconnect();
    const topicText = await readTopics(names);
    const logs = ['producer', 'subscription', 'delivery', 'health'].map((service) =>
      readFileSync(join(logDir, `${service}.log`), 'utf8'),
    );
    expect(names).toEqual(expect.arrayContaining([topics.subscriptions, topics.events, topics.ingest]));
    expect(issued.size).toBeGreaterThanOrEqual(12);
    for (const credential of issued) {
      for (const needle of [credential, credential.replace(/^(whsec_|hk_)/, '')]) {
        expect(['postgres', dump.includes(needle)]).toEqual(['postgres', false]);
        expect(['topics', topicText.includes(needle)]).toEqual(['topics', false]);
        logs.forEach((log, index) =>
          expect([`log ${index}`, log.includes(needle)]).toEqual([`log ${index}`, false]),
        );
      }
    }
  });

  /**
   * Every record of the given topics (keys, values, headers) as one text. Offsets cannot be counted (the
   * producer's transactional relay leaves commit markers), so reading ends after 3 s without a new record.
   */
  async function readTopics(names: string[]): Promise<string> {
    const parts: string[] = [];
    let lastArrival = Date.now();
    const consumer = kafka.consumer({ groupId: `${namespace}dump-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: names, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          lastArrival = Date.now();
          parts.push(message.key?.toString() ?? '', message.value?.toString() ?? '');
          for (const value of Object.values(message.headers ?? {})) parts.push(String(value));
          return Promise.resolve();
        },
      });
      await waitFor(() => parts.length > 0 && Date.now() - lastArrival > 3_000, {
        what: 'the topics to be read to the end',
        timeoutMs: 60_000,
        intervalMs: 250,
      });
    } finally {
      await consumer.disconnect();
    }
    return parts.join('\n');
  }
});
