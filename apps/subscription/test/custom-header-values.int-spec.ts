import { createCipheriv, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EndpointRecord } from '@hookline/contracts';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { HEADER_VALUE_MASK } from '../src/endpoints/domain/sealed-header-values';
import { startEchoReceiver } from './support/echo-receiver';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  newEncryptionKey,
  startSubscriptionTestApp,
  type SubscriptionTestApp,
} from './support/subscription-test-app';
import { readAll, waitForRecord } from './support/topic-records';

/** Distinct, greppable values: none may be found in Postgres or on the topic, only at the receiver. */
const tokenValue = () => `receiver-token-${randomBytes(9).toString('base64url')}`;

/**
 * Custom header values are write-only: sealed in Postgres and on the subscriptions topic, masked in every
 * response, and sent with their real value. Rows written before sealing are read as they are and sealed by
 * `POST /v1/admin/secrets/reencrypt`, which also moves `v1` signing secrets to the bound `v2` format.
 */
describe('custom header values (real HTTP, Postgres, Kafka, receiver)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let db: Client;
  let receiver: Awaited<ReturnType<typeof startEchoReceiver>>;
  let tenant: TestTenant;
  const encryptionKey = newEncryptionKey('k1');

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    receiver = await startEchoReceiver();
    app = await start();
    db = new Client({ connectionString: database.url });
    await db.connect();
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await db?.end();
    await app?.stop();
    await receiver?.stop();
    await database?.drop();
  });

  const start = () =>
    startSubscriptionTestApp({ database, kafka, env: { SECRET_ENCRYPTION_KEYS: encryptionKey } });
  /** Restarts the service and returns what its start-up report said about ciphertexts to re-seal. */
  const restartAndReport = async () => {
    await app.stop();
    app = await start();
    return waitFor(
      () =>
        app.logs
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((line) => line.component === 'stale-ciphertexts-report'),
      { what: 'the start-up report on stale ciphertexts', timeoutMs: 10_000 },
    );
  };
  const call = (method: string, path: string, body?: unknown) => app.call(method, path, tenant.apiKey, body);
  const storedHeaders = async (endpointId: string) =>
    (
      await db.query<{ headers: Record<string, string> }>(
        'SELECT headers FROM subscription.endpoints WHERE id = $1',
        [endpointId],
      )
    ).rows[0].headers;
  /** The headers the receiver got on the latest verification request to `path`. */
  const verifiedWith = async (endpointId: string, path: string) => {
    const answer = await call('POST', `/v1/endpoints/${endpointId}/verify`);
    expect(answer.body).toMatchObject({ status: 'verified' });
    return receiver.requests.filter((request) => request.path === path).at(-1)!.headers;
  };

  it('stores and publishes values sealed, answers with the mask, and sends the real value', async () => {
    const token = tokenValue();
    const created = await call('POST', '/v1/endpoints', {
      url: receiver.url('/sealed'),
      headers: { Authorization: `Bearer ${token}`, 'X-Team': 'billing-team' },
    });
    expect(created.status).toBe(201);
    expect(created.body.headers).toEqual({ authorization: HEADER_VALUE_MASK, 'x-team': HEADER_VALUE_MASK });
    const id = created.body.id as string;
    expect((await call('GET', `/v1/endpoints/${id}`)).body.headers).toEqual(created.body.headers);
    const listed = (await call('GET', '/v1/endpoints')).body.data as Array<{ id: string; headers: unknown }>;
    expect(listed.find((endpoint) => endpoint.id === id)?.headers).toEqual(created.body.headers);

    const stored = await storedHeaders(id);
    expect(Object.keys(stored).sort()).toEqual(['authorization', 'x-team']);
    for (const value of Object.values(stored)) expect(value).toMatch(/^v2\.k1\./);
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(`${token}|billing-team`));

    const record = await waitForRecord<EndpointRecord>(kafka, kafka.topics.subscriptions, id, () => true);
    expect(Object.keys(record.headers).sort()).toEqual(['authorization', 'x-team']);
    const topicText = (await readAll(kafka, kafka.topics.subscriptions))
      .map((m) => m.value?.toString())
      .join('\n');
    expect(topicText).toContain(id);
    expect(topicText).not.toContain(token);
    expect(topicText).not.toContain('billing-team');

    const sent = await verifiedWith(id, '/sealed');
    expect(sent.authorization).toBe(`Bearer ${token}`);
    expect(sent['x-team']).toBe('billing-team');
    expect(app.logs.join('\n')).not.toContain(token);
  });

  it('keeps a value the update sends back masked, changes the one given, and refuses a mask with no value', async () => {
    const token = tokenValue();
    const created = await call('POST', '/v1/endpoints', {
      url: receiver.url('/patched'),
      headers: { authorization: `Bearer ${token}`, 'x-team': 'billing-team' },
    });
    const path = `/v1/endpoints/${created.body.id}`;
    const read = (await call('GET', path)).body as { headers: Record<string, string>; version: number };

    // Sending back what GET showed changes nothing: no new version.
    const unchanged = await call('PATCH', path, { headers: read.headers });
    expect(unchanged.body.version).toBe(read.version);
    // One value changed, the other sent back masked: kept.
    const changed = await call('PATCH', path, { headers: { ...read.headers, 'x-team': 'support-team' } });
    expect(changed.body).toMatchObject({ version: read.version + 1, headers: read.headers });
    const sent = await verifiedWith(created.body.id as string, '/patched');
    expect([sent.authorization, sent['x-team']]).toEqual([`Bearer ${token}`, 'support-team']);
    // Setting the same values again is no change either (compared in plaintext, not by ciphertext).
    const current = (await call('GET', path)).body.version as number;
    const again = await call('PATCH', path, {
      headers: { authorization: `Bearer ${token}`, 'x-team': 'support-team' },
    });
    expect(again.body.version).toBe(current);
    const masked = await call('PATCH', path, { headers: { ...read.headers, 'x-new': HEADER_VALUE_MASK } });
    expect(masked.status).toBe(400);
    expect(masked.body.errors).toEqual([
      { field: 'headers.x-new', message: expect.stringMatching(/mask/) as unknown },
    ]);
    const copied = await call('POST', '/v1/endpoints', { url: receiver.url('/copy'), headers: read.headers });
    expect(copied.status).toBe(400);
  });

  it('reads rows written before sealing, and the re-encryption seals them and moves v1 secrets to v2', async () => {
    const token = tokenValue();
    const created = await call('POST', '/v1/endpoints', { url: receiver.url('/legacy') });
    const id = created.body.id as string;
    const secret = created.body.secret as string;
    // As a release before sealing wrote them: plaintext header values, a v1 (unbound) secret ciphertext.
    await db.query(`UPDATE subscription.endpoints SET headers = $2 WHERE id = $1`, [
      id,
      JSON.stringify({ authorization: `Bearer ${token}`, 'x-team': 'legacy-team' }),
    ]);
    await db.query(`UPDATE subscription.endpoint_secrets SET encrypted = $2 WHERE endpoint_id = $1`, [
      id,
      sealV1(encryptionKey, secret),
    ]);

    expect(await restartAndReport()).toMatchObject({
      level: 40,
      endpointsWithStaleSecrets: 1,
      endpointsWithStaleHeaderValues: 1,
    });
    expect((await call('GET', `/v1/endpoints/${id}`)).body.headers).toEqual({
      authorization: HEADER_VALUE_MASK,
      'x-team': HEADER_VALUE_MASK,
    });
    expect((await call('GET', `/v1/endpoints/${id}/secret`)).body).toEqual({ secret });
    expect((await verifiedWith(id, '/legacy')).authorization).toBe(`Bearer ${token}`);

    const resealed = await app.call('POST', '/v1/admin/secrets/reencrypt', app.operatorToken);
    expect(resealed.body).toEqual({ endpoints: 1, secrets: 1, headerValues: 2 });
    const stored = await storedHeaders(id);
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(`${token}|legacy-team`));
    const secrets = await db.query<{ encrypted: string }>(
      'SELECT encrypted FROM subscription.endpoint_secrets WHERE endpoint_id = $1',
      [id],
    );
    expect(secrets.rows.map((row) => row.encrypted.slice(0, 6))).toEqual(['v2.k1.']);
    const record = await waitForRecord<EndpointRecord>(kafka, kafka.topics.subscriptions, id, (r) =>
      Object.values(r.headers).every((value) => value.startsWith('v2.k1.')),
    );
    expect(record.secrets.map((s) => s.encrypted.slice(0, 6))).toEqual(['v2.k1.']);

    expect((await call('GET', `/v1/endpoints/${id}/secret`)).body).toEqual({ secret });
    const sent = await verifiedWith(id, '/legacy');
    expect([sent.authorization, sent['x-team']]).toEqual([`Bearer ${token}`, 'legacy-team']);
    expect((await app.call('POST', '/v1/admin/secrets/reencrypt', app.operatorToken)).body).toEqual({
      endpoints: 0,
      secrets: 0,
      headerValues: 0,
    });
    expect(await restartAndReport()).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/every stored/) as unknown,
    });
  });

  it('refuses a header ciphertext copied from another endpoint instead of sending it, and says so', async () => {
    const token = tokenValue();
    const victim = await call('POST', '/v1/endpoints', {
      url: receiver.url('/victim'),
      headers: { authorization: `Bearer ${token}` },
    });
    const attacker = await call('POST', '/v1/endpoints', {
      url: receiver.url('/attacker'),
      headers: { authorization: 'Bearer mine' },
    });
    await db.query(`UPDATE subscription.endpoints SET headers = $2 WHERE id = $1`, [
      attacker.body.id,
      JSON.stringify(await storedHeaders(victim.body.id as string)),
    ]);
    const answer = await call('POST', `/v1/endpoints/${attacker.body.id}/verify`);
    expect(answer.body).toMatchObject({
      status: 'failed',
      statusCode: null,
      error: expect.stringMatching(/^could not sign: .*failed authentication/) as unknown,
    });
    expect(JSON.stringify(answer.body)).not.toContain(token);
    expect(receiver.requests.filter((request) => request.path === '/attacker')).toHaveLength(0);
  });
});

/** A `v1` ciphertext, as SecretBox wrote it before binding: no additional data. */
function sealV1(keyring: string, plaintext: string): string {
  const [keyId, key] = keyring.split(':');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keyId, ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url'))].join(
    '.',
  );
}
