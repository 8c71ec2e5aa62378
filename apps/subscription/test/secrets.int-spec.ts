import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import type { EndpointRecord } from '@hookline/contracts';
import { hashApiKey } from '@hookline/webhook-crypto';
import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { signatureHeaders, startEchoReceiver } from './support/echo-receiver';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  newEncryptionKey,
  startSubscriptionTestApp,
  type SubscriptionTestApp,
} from './support/subscription-test-app';
import { namespaceTopics, readAll, waitForRecord } from './support/topic-records';

const run = promisify(execFile);

/**
 * Secrets: `whsec_` format, rotation with an overlap in which both secrets sign, re-encryption under a new
 * key, and the end-to-end check that no issued key or secret is in Postgres, on a topic or in a log line.
 */
describe('secrets (real HTTP, Postgres, Kafka, receiver)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let receiver: Awaited<ReturnType<typeof startEchoReceiver>>;
  let tenant: TestTenant;
  const oldKey = newEncryptionKey('k1');
  const newKey = newEncryptionKey('k2');
  /** Every credential the service issued in this suite; none may appear in plaintext anywhere. */
  const issued = new Set<string>();
  const logs: string[] = [];

  const start = (keys: string) =>
    startSubscriptionTestApp({ database, kafka, env: { SECRET_ENCRYPTION_KEYS: keys } });
  const restart = async (keys: string) => {
    logs.push(...app.logs);
    await app.stop();
    app = await start(keys);
  };
  const remember = (...values: string[]) => values.forEach((value) => issued.add(value));

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    receiver = await startEchoReceiver();
    app = await start(oldKey);
    tenant = await createTenant(app);
    remember(tenant.apiKey);
  });

  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
    await database?.drop();
  });

  it('signs with both secrets during the rotation overlap, then with the new one only', async () => {
    const created = await app.call('POST', '/v1/endpoints', tenant.apiKey, {
      url: receiver.url('/rotate'),
      verify: true,
    });
    expect(created.status).toBe(201);
    const first = created.body.secret as string;
    remember(first);
    expect(created.body.verificationResult).toMatchObject({
      status: 'verified',
      statusCode: 200,
      error: null,
    });
    const path = `/v1/endpoints/${created.body.id}`;

    const rotated = await app.call('POST', `${path}/secret/rotate`, tenant.apiKey, {});
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    remember(second);
    expect(second).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(second).not.toBe(first);
    const overlapEnds = Date.parse(rotated.body.previousSecretExpiresAt as string);
    expect(overlapEnds - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    expect(overlapEnds - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
    expect((await app.call('GET', `${path}/secret`, tenant.apiKey)).body).toEqual({ secret: second });

    // The state record carries both ciphertexts, the old one with its expiry.
    const record = await waitForRecord<EndpointRecord>(
      kafka,
      kafka.topics.subscriptions,
      created.body.id as string,
      (r) => r.secrets.length === 2,
    );
    expect(record.secrets.filter((secret) => secret.expiresAt === undefined)).toHaveLength(1);
    expect(Date.parse(record.secrets.find((secret) => secret.expiresAt !== undefined)!.expiresAt!)).toBe(
      overlapEnds,
    );

    // A signed request now carries two signatures; a receiver on either secret verifies it.
    expect((await app.call('POST', `${path}/verify`, tenant.apiKey)).body).toMatchObject({
      status: 'verified',
    });
    const during = receiver.requests[receiver.requests.length - 1];
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [first, second]) {
      expect(() => new Webhook(secret).verify(during.body, signatureHeaders(during))).not.toThrow();
    }

    // Rotating with no overlap ends the previous secret at once.
    const third = (await app.call('POST', `${path}/secret/rotate`, tenant.apiKey, { overlapSeconds: 0 }))
      .body;
    remember(third.secret as string);
    expect(third.previousSecretExpiresAt).toBeNull();
    await app.call('POST', `${path}/verify`, tenant.apiKey);
    const after = receiver.requests[receiver.requests.length - 1];
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() =>
      new Webhook(third.secret as string).verify(after.body, signatureHeaders(after)),
    ).not.toThrow();
    expect(() => new Webhook(second).verify(after.body, signatureHeaders(after))).toThrow();
  });

  it('accepts a secret the tenant brings, and keeps it encrypted like its own', async () => {
    const own = `whsec_${Buffer.from('a'.repeat(32)).toString('base64')}`;
    remember(own);
    const created = await app.call('POST', '/v1/endpoints', tenant.apiKey, {
      url: receiver.url('/own'),
      secret: own,
    });
    expect(created.body.secret).toBe(own);
    expect(
      (await app.call('GET', `/v1/endpoints/${created.body.id}/secret`, tenant.apiKey)).body.secret,
    ).toBe(own);
  });

  it('survives an encryption-key rotation: old ciphertexts still open, re-encryption moves them to the new key', async () => {
    const created = await app.call('POST', '/v1/endpoints', tenant.apiKey, { url: receiver.url('/keys') });
    const secret = created.body.secret as string;
    remember(secret);
    const path = `/v1/endpoints/${created.body.id}`;

    await restart(`${newKey},${oldKey}`);
    expect((await app.call('GET', `${path}/secret`, tenant.apiKey)).body).toEqual({ secret });
    const reencrypted = await app.call('POST', '/v1/admin/secrets/reencrypt', app.operatorToken);
    expect(reencrypted.status).toBe(200);
    expect(reencrypted.body.endpoints).toBeGreaterThanOrEqual(3);
    expect((await app.call('POST', '/v1/admin/secrets/reencrypt', app.operatorToken)).body).toEqual({
      endpoints: 0,
      secrets: 0,
      headerValues: 0,
    });

    const db = new Client({ connectionString: database.url });
    await db.connect();
    const keyIds = await db.query<{ key_id: string }>(
      `SELECT DISTINCT split_part(encrypted, '.', 2) AS key_id FROM subscription.endpoint_secrets`,
    );
    await db.end();
    expect(keyIds.rows).toEqual([{ key_id: 'k2' }]);
    const record = await waitForRecord<EndpointRecord>(
      kafka,
      kafka.topics.subscriptions,
      created.body.id as string,
      (r) => r.version === 2,
    );
    expect(record.secrets.every((s) => s.encrypted.startsWith('v2.k2.'))).toBe(true);

    await restart(newKey);
    expect((await app.call('GET', `${path}/secret`, tenant.apiKey)).body).toEqual({ secret });
    expect((await app.call('POST', `${path}/verify`, tenant.apiKey)).body.status).toBe('verified');
  });

  it('leaves no issued API key or secret in plaintext in Postgres, on any topic, or in the logs', async () => {
    const extraKey = await app.call('POST', '/v1/api-keys', tenant.apiKey, { name: 'extra' });
    remember(extraKey.body.apiKey as string);
    await app.call('GET', '/v1/endpoints', extraKey.body.apiKey as string);
    await waitForRecord(
      kafka,
      kafka.topics.subscriptions,
      `tenant:${tenant.id}`,
      (r: { apiKeys: unknown[] }) => r.apiKeys.length === 2,
    );
    logs.push(...app.logs);

    const { stdout: dump } = await run('pg_dump', ['--no-owner', database.url], {
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dump).toContain('subscription.endpoint_secrets');
    const topics = await namespaceTopics(kafka);
    expect(topics).toEqual(expect.arrayContaining([kafka.topics.subscriptions, kafka.topics.ingest]));
    const topicText: string[] = [];
    for (const topic of topics) {
      for (const message of await readAll(kafka, topic)) {
        topicText.push(message.key?.toString() ?? '', message.value?.toString() ?? '');
        for (const value of Object.values(message.headers ?? {})) topicText.push(String(value));
      }
    }
    expect(topicText.length).toBeGreaterThan(20);
    expect(logs.length).toBeGreaterThan(10);

    const haystacks = { postgres: dump, topics: topicText.join('\n'), logs: logs.join('\n') };
    // Positive control: the dump and the topics do hold the tenant's key, as its hash.
    expect(haystacks.postgres).toContain(hashApiKey(tenant.apiKey));
    expect(haystacks.topics).toContain(hashApiKey(tenant.apiKey));
    expect(issued.size).toBeGreaterThanOrEqual(7);
    for (const credential of issued) {
      // The secret's base64 key material alone would be just as bad as the whole whsec_ string.
      const needles = [credential, credential.replace(/^(whsec_|hk_)/, '')];
      for (const [where, text] of Object.entries(haystacks)) {
        for (const needle of needles) expect([where, text.includes(needle)]).toEqual([where, false]);
      }
    }
  });
});
