import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  PlatformClient,
  createTestDatabase,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type CreatedTenant,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';

/** One request a second, bursts of two: the third request in a row is over the limit. */
const RATE = { perSecond: '1', burst: '2' };
const REFILLED_MS = 2_100;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Request rate limits on the tenant routes of delivery and health (per API key) and on the producer's ingest
 * routes (per ingest token), with the services as processes: the request over the limit gets 429 with
 * `Retry-After`; another key or token, and the same one after `Retry-After`, go through. (The subscription
 * service's limit is checked in apps/subscription/test/quotas.int-spec.ts.)
 */
describe('request rate limits per API key and per ingest token (services as processes)', () => {
  const secrets = generatePlatformSecrets();
  const secondIngestToken = `ingest_${randomBytes(24).toString('base64url')}`;
  const namespace = `e2erate${randomBytes(3).toString('hex')}.`;
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;
  let noisy: CreatedTenant;
  let quiet: CreatedTenant;

  const get = async (url: string, token: string) => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  };
  const publish = async (token: string, tenant: CreatedTenant) => {
    const response = await fetch(`${platform.urls.producer}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'customer.created', subject: 'cus_1', tenant: tenant.id, data: {} }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  };

  /** Three requests in a row with a full bucket: two go through, the third is refused. */
  async function expectThirdRefused(
    ok: number,
    send: () => Promise<{ status: number; retryAfter: string | null; body: string }>,
  ) {
    const answers = [await send(), await send(), await send()];
    expect(answers.slice(0, 2).map((answer) => answer.status)).toEqual([ok, ok]);
    const refused = answers[2];
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.body)).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      rateLimit: { perSecond: 1, burst: 2 },
      retryAfterSeconds: Number(refused.retryAfter),
    });
    return Number(refused.retryAfter);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const keyRate = { API_KEY_RATE_PER_SECOND: RATE.perSecond, API_KEY_RATE_BURST: RATE.burst };
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
      serviceEnv: {
        producer: {
          INGEST_TOKENS: `${secrets.ingestToken},${secondIngestToken}`,
          INGEST_TOKEN_RATE_PER_SECOND: RATE.perSecond,
          INGEST_TOKEN_RATE_BURST: RATE.burst,
        },
        delivery: keyRate,
        health: keyRate,
      },
    });
    client = new PlatformClient(platform.urls, secrets);
    noisy = await client.createTenant({ id: `rl-${randomBytes(4).toString('hex')}`, name: 'Noisy' });
    quiet = await client.createTenant({ id: `rl-${randomBytes(4).toString('hex')}`, name: 'Quiet' });
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
  });

  it('holds each ingest token to its rate on the producer; another token is unaffected', async () => {
    // The producer knows both tenants first (the second token's bucket pays for the wait), then refills.
    for (const tenant of [noisy, quiet]) {
      await waitFor(async () => (await publish(secondIngestToken, tenant)).status === 202, {
        what: `the producer to know ${tenant.id}`,
        timeoutMs: 30_000,
        intervalMs: REFILLED_MS,
      });
    }
    await pause(REFILLED_MS);
    const retryAfter = await expectThirdRefused(202, () => publish(secrets.ingestToken, noisy));
    expect((await publish(secondIngestToken, quiet)).status).toBe(202);
    expect((await publish('not-a-configured-token-at-all', noisy)).status).toBe(401);
    await pause(retryAfter * 1_000);
    expect((await publish(secrets.ingestToken, noisy)).status).toBe(202);
  });

  it.each([
    ['delivery', '/v1/attempts'],
    ['health', '/v1/endpoints/health'],
  ] as const)(
    'holds each API key to its rate on %s; another tenant’s key is unaffected',
    async (service, path) => {
      const url = `${platform.urls[service]}${path}`;
      for (const tenant of [noisy, quiet]) {
        await waitFor(async () => (await get(url, tenant.apiKey)).status === 200, {
          what: `${service} to know ${tenant.id}'s key`,
          timeoutMs: 30_000,
          intervalMs: 500,
        });
      }
      await pause(REFILLED_MS);
      const retryAfter = await expectThirdRefused(200, () => get(url, noisy.apiKey));
      expect((await get(url, quiet.apiKey)).status).toBe(200);
      expect((await get(url, 'hk_not-a-key')).status).toBe(401);
      await pause(retryAfter * 1_000);
      expect((await get(url, noisy.apiKey)).status).toBe(200);
    },
  );
});
