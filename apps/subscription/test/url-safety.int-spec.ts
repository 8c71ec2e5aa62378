import { createTestDatabase, createTestKafka, type TestDatabase, type TestKafka } from '@hookline/testing';
import { REFUSED_URL_MESSAGE } from '../src/egress/endpoint-url-guard';
import { createTenant, type TestTenant } from './support/tenant-fixtures';
import {
  fieldsOf,
  startSubscriptionTestApp,
  tableResolver,
  type SubscriptionTestApp,
} from './support/subscription-test-app';

/** Names that resolve (in this test's DNS table) to blocked addresses, plus two public ones. */
const DNS = tableResolver({
  'hooks.example.com': ['93.184.215.14'],
  'v6.example.com': ['2606:4700:4700::1111'],
  localhost: ['127.0.0.1', '::1'],
  'internal.example.com': ['10.0.0.5'],
  'metadata.example.com': ['169.254.169.254'],
  'cgnat.example.com': ['100.64.1.1'],
  'mixed.example.com': ['10.0.0.1', '127.0.0.1'],
  'mapped.example.com': ['::ffff:192.168.0.1'],
  'compatible.example.com': ['::a00:5'],
  'wireserver.example.com': ['168.63.129.16'],
});

/**
 * Every blocked address form of reliability.md (SSRF), refused at registration with a 400 on `url` that says
 * why. Delivery checks again at send time; this is the early, clear refusal.
 */
const BLOCKED = [
  ['loopback', 'http://127.0.0.1/hooks'],
  ['loopback, top of range', 'http://127.255.255.254/hooks'],
  ['loopback IPv6', 'http://[::1]/hooks'],
  ['loopback by name', 'http://localhost:8080/hooks'],
  ['private 10/8', 'http://10.1.2.3/hooks'],
  ['private 172.16/12', 'http://172.16.0.1/hooks'],
  ['private 192.168/16', 'http://192.168.1.1/hooks'],
  ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
  ['link-local IPv6', 'http://[fe80::1]/hooks'],
  ['carrier-grade NAT', 'http://100.64.0.1/hooks'],
  ['multicast', 'http://224.0.0.251/hooks'],
  ['multicast IPv6', 'http://[ff02::1]/hooks'],
  ['reserved', 'http://240.0.0.1/hooks'],
  ['broadcast', 'http://255.255.255.255/hooks'],
  ['this network', 'http://0.0.0.0/hooks'],
  ['this network, other host', 'http://0.1.2.3/hooks'],
  ['unspecified IPv6', 'http://[::]/hooks'],
  ['unique local fc00::/7', 'http://[fc00::1]/hooks'],
  ['unique local fd00::/8', 'http://[fd12:3456::1]/hooks'],
  ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hooks'],
  ['IPv4-mapped loopback, hex', 'http://[::ffff:7f00:1]/hooks'],
  ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/hooks'],
  ['IPv4-mapped public address', 'http://[::ffff:8.8.8.8]/hooks'],
  ['IPv4-compatible loopback', 'http://[::127.0.0.1]/hooks'],
  ['IPv4-compatible metadata, hex', 'http://[::a9fe:a9fe]/hooks'],
  ['IPv4-translated (SIIT) loopback', 'http://[::ffff:0:127.0.0.1]/hooks'],
  ['NAT64-translated loopback', 'http://[64:ff9b::7f00:1]/hooks'],
  ['Azure WireServer', 'http://168.63.129.16/hooks'],
  ['Alibaba Cloud metadata', 'http://100.100.100.200/latest/meta-data'],
  ['Oracle Cloud metadata', 'http://192.0.0.192/opc/v2/instance'],
  ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/latest/meta-data'],
  ['IPv6 outside global unicast', 'http://[4000::1]/hooks'],
  ['6to4 of loopback', 'http://[2002:7f00:1::]/hooks'],
  ['decimal spelling', 'http://2130706433/hooks'],
  ['octal spelling', 'http://0177.0.0.1/hooks'],
  ['hex spelling', 'http://0x7f000001/hooks'],
  ['dotted hex spelling', 'http://0x7f.0.0.1/hooks'],
  ['short form', 'http://127.1/hooks'],
  ['short private form', 'http://10.1/hooks'],
  ['name resolving to a private address', 'https://internal.example.com/hooks'],
  ['name resolving to the metadata address', 'https://metadata.example.com/hooks'],
  ['name resolving to CGNAT', 'https://cgnat.example.com/hooks'],
  ['name resolving only to blocked addresses', 'https://mixed.example.com/hooks'],
  ['name resolving to an IPv4-mapped private address', 'https://mapped.example.com/hooks'],
  ['name resolving to an IPv4-compatible private address', 'https://compatible.example.com/hooks'],
  ['name resolving to Azure WireServer', 'https://wireserver.example.com/hooks'],
  ['name that does not resolve', 'https://nowhere.example.com/hooks'],
] as const;

describe('URL safety at registration (real HTTP, Postgres, Kafka)', () => {
  let database: TestDatabase;
  let kafka: TestKafka;
  let app: SubscriptionTestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    kafka = await createTestKafka();
    app = await startSubscriptionTestApp({
      database,
      kafka,
      resolveHost: DNS,
      env: { ALLOW_HTTP_ENDPOINTS: 'true', ALLOW_LOOPBACK_ENDPOINTS: 'false' },
    });
    tenant = await createTenant(app);
  });

  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it.each(BLOCKED)('refuses %s (%s) with a 400 on url, in the same fixed words', async (_form, url) => {
    const answer = await app.call('POST', '/v1/endpoints', tenant.apiKey, { url });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('ENDPOINT_URL_REJECTED');
    expect(fieldsOf(answer)).toEqual(['url']);
    expect(answer.body.message).toBe(REFUSED_URL_MESSAGE);
    expect(answer.body.errors).toEqual([{ field: 'url', message: REFUSED_URL_MESSAGE }]);
  });

  it('never tells the tenant what a name resolves to; the server log has it, with the tenant', async () => {
    const before = app.logs.length;
    for (const host of ['internal.example.com', 'metadata.example.com', 'nowhere.example.com']) {
      const answer = await app.call('POST', '/v1/endpoints', tenant.apiKey, { url: `https://${host}/hooks` });
      expect(answer.status).toBe(400);
      expect(JSON.stringify(answer.body)).not.toMatch(/10\.0\.0\.5|169\.254|private|link-local|ENOTFOUND/);
    }
    const refusals = app.logs
      .slice(before)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === 'endpoint url refused: its destination may not be contacted');
    expect(refusals).toEqual([
      expect.objectContaining({
        tenantId: tenant.id,
        endpointId: expect.stringMatching(/^ep_/) as unknown,
        host: 'internal.example.com',
        kind: 'blocked',
        detail: expect.stringContaining('10.0.0.5 is blocked (private)') as unknown,
      }),
      expect.objectContaining({
        host: 'metadata.example.com',
        detail: expect.stringContaining('169.254.169.254 is blocked (link-local)') as unknown,
      }),
      expect.objectContaining({ host: 'nowhere.example.com', kind: 'unresolvable' }),
    ]);
  });

  it('accepts public addresses, by name and as literals', async () => {
    for (const url of [
      'https://hooks.example.com/in',
      'https://v6.example.com/in',
      'http://93.184.215.14/in',
      'https://[2606:4700:4700::1111]/in',
    ]) {
      expect([url, (await app.call('POST', '/v1/endpoints', tenant.apiKey, { url })).status]).toEqual([
        url,
        201,
      ]);
    }
  });

  it('refuses a blocked URL on update too, keeping the old one', async () => {
    const created = await app.call('POST', '/v1/endpoints', tenant.apiKey, {
      url: 'https://hooks.example.com/in',
    });
    const path = `/v1/endpoints/${created.body.id}`;
    const moved = await app.call('PATCH', path, tenant.apiKey, { url: 'http://[::ffff:10.0.0.1]/in' });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved)).toEqual(['url']);
    expect((await app.call('GET', path, tenant.apiKey)).body).toMatchObject({
      url: 'https://hooks.example.com/in',
      version: 1,
    });
  });

  it('refuses plain http when configuration allows https only', async () => {
    const strict = await startSubscriptionTestApp({
      database,
      kafka,
      resolveHost: DNS,
      env: { ALLOW_HTTP_ENDPOINTS: 'false', ALLOW_LOOPBACK_ENDPOINTS: 'false' },
    });
    try {
      const owner = await createTenant(strict);
      const http = await strict.call('POST', '/v1/endpoints', owner.apiKey, {
        url: 'http://hooks.example.com/in',
      });
      expect(http).toMatchObject({ status: 400, body: { message: 'url must use https' } });
      const https = await strict.call('POST', '/v1/endpoints', owner.apiKey, {
        url: 'https://hooks.example.com/in',
      });
      expect(https.status).toBe(201);
    } finally {
      await strict.stop();
    }
  });
});
