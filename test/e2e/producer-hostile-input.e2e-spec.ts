import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  freePort,
  platformServiceEnv,
  startServiceProcess,
  testKafkaBrokers,
  waitFor,
} from '@hookline/testing';
import { CuttableTcpProxy } from '../../chaos/support/cuttable-tcp-proxy';
import { rssMiB } from '../../chaos/support/process-rss';
import { ProducerHarness } from './producer-harness';

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  ms: number;
}

/** A raw request: exact bytes and headers, and the answer even when the server closes the connection. */
function send(url: string, path: string, body: Buffer, headers: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text };
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: parsed,
          ms: performance.now() - started,
        });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('producer: hostile input is refused before it costs anything', () => {
  const producer = new ProducerHarness();
  const boundToken = `bound_${randomBytes(18).toString('base64url')}`;
  let tenant: string;
  let otherTenant: string;

  beforeAll(async () => {
    tenant = `ta${randomBytes(4).toString('hex')}`;
    await producer.start({
      INGEST_TOKENS: `${producer.secrets.ingestToken},${boundToken}@${tenant}`,
      INGEST_MAX_LARGE_BODIES: '1',
      INGEST_LARGE_BODY_OVER: '1mb',
    });
    await producer.createTenant(tenant);
    otherTenant = await producer.createTenant();
  });

  afterAll(() => producer.stop());

  const auth = (token = producer.secrets.ingestToken) => ({
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
  });
  const event = (owner: string, type = 'order.created', data: unknown = { n: 1 }) => ({
    type,
    subject: `s_${randomBytes(3).toString('hex')}`,
    tenant: owner,
    data,
  });

  it('answers an unauthenticated 31 MiB gzip bomb 401 without inflating it: RSS does not move', async () => {
    const bomb = gzipSync(Buffer.alloc(31 * MiB, 0x20));
    const pid = producer.process.pid;
    const before = rssMiB(pid)!;
    const answers: Answer[] = [];
    for (const path of ['/v1/events', '/v1/batches', '/v1/batches', '/v1/events', '/v1/batches']) {
      answers.push(
        await send(producer.url, path, bomb, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        }),
      );
    }
    const after = rssMiB(pid)!;
    console.log(
      `unauthenticated gzip bomb: ${bomb.length} bytes -> ${31 * MiB} inflated, 5 requests; producer RSS ${before} MiB before, ${after} MiB after`,
    );
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[0].body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a valid ingest token is required',
    });
    expect(answers[0].headers.connection).toBe('close');
    // One inflated bomb alone would be 31 MiB; five would be 155.
    expect(after - before).toBeLessThan(8);
  });

  it('refuses an authenticated gzip bomb with 413 while it inflates (ratio or size limit)', async () => {
    const bomb = gzipSync(Buffer.alloc(31 * MiB, 0x20));
    // The 32 MiB batch route stops it at the ratio; the 256 KiB events route at its limit, whichever is first.
    const batch = await send(producer.url, '/v1/batches', bomb, { ...auth(), 'content-encoding': 'gzip' });
    expect(batch.status).toBe(413);
    expect(batch.body.message).toMatch(/^compressed body inflates to more than 20 times its size/);
    const events = await send(producer.url, '/v1/events', bomb, { ...auth(), 'content-encoding': 'gzip' });
    expect([events.status, events.body.message]).toEqual([
      413,
      'body is larger than the limit of 262144 bytes',
    ]);
    // Honest compression still works.
    const body = gzipSync(Buffer.from(JSON.stringify(event(tenant))));
    expect(
      (await send(producer.url, '/v1/events', body, { ...auth(), 'content-encoding': 'gzip' })).status,
    ).toBe(202);
  });

  it('refuses a body nested deeper than 64 levels with 400 naming the limit, on both routes', async () => {
    const deep = Buffer.from(
      `{"type":"order.created","subject":"s","tenant":"${tenant}","data":${'{"a":'.repeat(12_000)}1${'}'.repeat(12_000)}}`,
    );
    for (const path of ['/v1/events', '/v1/batches']) {
      const answer = await send(producer.url, path, deep, auth());
      expect([path, answer.status, answer.body.errors]).toEqual([
        path,
        400,
        [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }],
      ]);
    }
    let forty: Record<string, unknown> = {};
    for (let level = 0; level < 40; level++) forty = { a: forty };
    const answer = await send(
      producer.url,
      '/v1/events',
      Buffer.from(JSON.stringify(event(tenant, 'order.created', forty))),
      auth(),
    );
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [{ field: 'data', message: 'is nested deeper than 32 levels of objects and arrays' }],
    ]);
  });

  it('lets a tenant-bound token publish for its tenant only: 403 with a field error for another', async () => {
    const own = await send(
      producer.url,
      '/v1/events',
      Buffer.from(JSON.stringify(event(tenant))),
      auth(boundToken),
    );
    expect(own.status).toBe(202);
    const other = await send(
      producer.url,
      '/v1/events',
      Buffer.from(JSON.stringify([event(tenant), event(otherTenant)])),
      auth(boundToken),
    );
    expect([other.status, other.body.errors]).toEqual([
      403,
      [
        {
          field: '[1].tenant',
          message: `"${otherTenant}" is not a tenant this ingest token may publish for`,
        },
      ],
    ]);
    const batch = { type: 'order.deleted', tenant: otherTenant, subjects: ['a', 'b'] };
    expect(
      (await send(producer.url, '/v1/batches', Buffer.from(JSON.stringify(batch)), auth(boundToken))).status,
    ).toBe(403);
    // The platform-wide token still publishes for anyone.
    expect(
      (await send(producer.url, '/v1/events', Buffer.from(JSON.stringify(event(otherTenant))), auth()))
        .status,
    ).toBe(202);
  });

  it("refuses Hookline's operational types from upstream (400, field type)", async () => {
    for (const type of ['endpoint.disabled', 'webhook.endpoint.verification']) {
      const answer = await send(
        producer.url,
        '/v1/events',
        Buffer.from(JSON.stringify(event(tenant, type))),
        auth(),
      );
      expect([type, answer.status, answer.body.errors]).toEqual([
        type,
        400,
        [
          {
            field: 'type',
            message:
              "is reserved for Hookline's own notices (endpoint.*, webhook.*); upstream systems cannot publish it",
          },
        ],
      ]);
    }
  });

  it('evaluates a ReDoS schema pattern (^(a|aa)+$) on the linear engine: the hostile value is a quick 400', async () => {
    await producer.registerEventType(tenant, 'order.named', {
      type: 'object',
      properties: { name: { type: 'string', pattern: '^(a|aa)+$' } },
    });
    const hostile = (name: string) => Buffer.from(JSON.stringify(event(tenant, 'order.named', { name })));
    // The registration travels through the subscriptions topic: wait until the producer applies the schema.
    await waitFor(
      async () => (await send(producer.url, '/v1/events', hostile('aab'), auth())).status === 400,
      {
        what: 'the registered schema to reach the producer',
      },
    );
    const answer = await send(producer.url, '/v1/events', hostile(`${'a'.repeat(50_000)}b`), auth());
    console.log(
      `ReDoS pattern ^(a|aa)+$ against a 50,001-character value: answered in ${answer.ms.toFixed(1)} ms`,
    );
    expect([answer.status, answer.body.errors]).toEqual([
      400,
      [{ field: 'data.name', message: 'must match pattern "^(a|aa)+$"' }],
    ]);
    expect((await send(producer.url, '/v1/events', hostile('aaaa'), auth())).status).toBe(202);
  });

  it('answers 503 with Retry-After to a second large upload while one holds the only slot', async () => {
    // A 2 MiB body sent slowly keeps its slot while it streams.
    const slow = httpRequest(`${producer.url}/v1/batches`, {
      method: 'POST',
      headers: { ...auth(), 'content-length': String(2 * MiB) },
    });
    slow.on('error', () => undefined);
    slow.write(Buffer.alloc(MiB + 1024, 0x20));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = await send(producer.url, '/v1/batches', Buffer.alloc(2 * MiB, 0x20), auth());
    slow.destroy();
    expect([second.status, second.headers['retry-after']]).toEqual([503, '1']);
    expect(second.body.message).toBe(
      '1 request bodies over 1048576 bytes are already being received; retry in 1 s',
    );
  });
});

describe('producer while its database is unreachable', () => {
  const producer = new ProducerHarness();
  const proxy = new CuttableTcpProxy();
  let tenant: string;

  beforeAll(async () => {
    await proxy.start({ host: '127.0.0.1', port: 5432 });
    await producer.start({ DATABASE_CONNECT_TIMEOUT_MS: '1000', INGEST_CONSUMER_ENABLED: 'false' });
    // Started directly first (migrations), then again through the proxy.
    await producer.process.stop();
    await producer.launch({ DATABASE_URL: proxy.via(producer.database.url) });
    tenant = await producer.createTenant();
  });

  afterAll(async () => {
    await producer.stop();
    await proxy.stop();
  });

  const post = () =>
    send(
      producer.url,
      '/v1/events',
      Buffer.from(
        JSON.stringify({
          type: 'order.created',
          subject: `s_${randomBytes(3).toString('hex')}`,
          tenant,
          data: {},
        }),
      ),
      { authorization: `Bearer ${producer.secrets.ingestToken}`, 'content-type': 'application/json' },
    );

  it('answers 503 + Retry-After within the connect timeout, not 500, and 202 again once it is back', async () => {
    await waitFor(async () => (await post()).status === 202, { what: 'the producer to accept events' });
    proxy.partition();
    const answers: Answer[] = [];
    for (let attempt = 0; attempt < 3; attempt++) answers.push(await post());
    console.log(
      `while partitioned: ${answers.map((a) => `${a.status} in ${a.ms.toFixed(0)} ms`).join(', ')}`,
    );
    for (const answer of answers) {
      expect([answer.status, answer.headers['retry-after']]).toEqual([503, '5']);
      expect(answer.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the event store is unavailable; retry in 5 s',
      });
      expect(answer.ms).toBeLessThan(15_000);
    }
    proxy.heal();
    await waitFor(async () => (await post()).status === 202, {
      what: 'the producer to accept events again',
      timeoutMs: 60_000,
    });
  });
});

describe('producer configuration', () => {
  it('refuses to boot with KAFKA_SSL=ture, naming the setting', async () => {
    const port = await freePort();
    const env = platformServiceEnv(
      {
        kafkaBrokers: testKafkaBrokers(),
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
        secrets: new ProducerHarness().secrets,
      },
      port,
    );
    const started = startServiceProcess({
      service: 'producer',
      env: { ...env, KAFKA_SSL: 'ture' },
      port,
      logFile: join(__dirname, '..', '..', 'reports', 'logs', `bad-boolean-${port}.log`),
      readyTimeoutMs: 30_000,
    });
    await expect(started).rejects.toThrow(/process exited \(1\)[\s\S]*KAFKA_SSL: must be true or false/);
  });
});
