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
import type { EndpointHealthResponseDto } from '../../apps/health/src/endpoint-health/dto/endpoint-health.response.dto';
import { HealthTopics } from './health-fixtures';

// 108,000 simulated ms per real ms: the default 5-day policy runs out about 4 s after an endpoint starts failing.
const CLOCK_RATE = '108000';

/**
 * Zombie retirement across the whole platform, the clock compressed through health's configuration only:
 * an endpoint that keeps failing is warned about, then retired after `disableAfter`; one that answers 410 is
 * retired at once; the subscription service disables both with the reason and tells the tenant once each;
 * re-enabling a fixed endpoint resets its failure state and it delivers again.
 */
describe('zombie retirement end to end (compressed health clock)', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  const namespace = `e2ez${randomBytes(4).toString('hex')}.`;
  let database: TestDatabase;
  let platform: LocalPlatform;
  let client: PlatformClient;
  let topics: HealthTopics;
  let tenant: CreatedTenant;
  let dead: CreatedEndpoint;
  let gone: CreatedEndpoint;
  let deadFixed = false;

  const health = async (endpointId: string) =>
    (await client.call('GET', `${platform.urls.health}/v1/endpoints/${endpointId}/health`, tenant.apiKey))
      .body as EndpointHealthResponseDto;
  const endpoint = async (endpointId: string) =>
    (await client.call('GET', `${platform.urls.subscription}/v1/endpoints/${endpointId}`, tenant.apiKey))
      .body as {
      enabled: boolean;
      disabledReason: string | null;
    };
  const notices = (type: string, subject: string) =>
    receiver.requests
      .filter((request) => request.path === '/ops')
      .map((request: ReceivedRequest) => JSON.parse(request.body) as { type: string; subject: string })
      .filter((event) => event.type === type && event.subject === subject);
  const publish = (type: string, i: number) =>
    client.publishEvent({ id: `evt_${type}_${i}`, type, subject: `s_${i}`, tenant: tenant.id, data: { i } });

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    receiver.reply = (request) => {
      if (request.path === '/dead') return { status: deadFixed ? 200 : 503 };
      if (request.path === '/gone') return { status: 410 };
      return { status: 200 };
    };
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
      serviceEnv: {
        health: { HEALTH_CLOCK_RATE: CLOCK_RATE, HEALTH_SWEEP_INTERVAL_MS: '500' },
      },
    });
    client = new PlatformClient(platform.urls, secrets);
    topics = new HealthTopics(testKafkaBrokers(), namespace);
    await topics.connect();
    tenant = await client.createTenant({
      id: `zombie-${randomBytes(3).toString('hex')}`,
      name: 'Zombie Inc',
    });
    await client.createEndpoint(tenant.apiKey, { url: receiver.url('/ops'), eventTypes: ['endpoint.*'] });
    dead = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/dead'),
      eventTypes: ['customer.*'],
    });
    gone = await client.createEndpoint(tenant.apiKey, {
      url: receiver.url('/gone'),
      eventTypes: ['invoice.*'],
    });
  });

  afterAll(async () => {
    await topics?.disconnect();
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  it('warns when an endpoint starts failing, retires it after disableAfter, and the tenant hears once', async () => {
    for (let i = 0; i < 5; i++) expect((await publish('customer.created', i)).status).toBe(202);
    // A string, not merely "not null": before the first outcome is projected the endpoint has no health
    // record yet, and the 404's body has no retiredAt at all.
    await waitFor(async () => typeof (await health(dead.id)).retiredAt === 'string', {
      what: 'health to retire the failing endpoint',
      timeoutMs: 60_000,
    });
    const retired = await health(dead.id);
    // Retired at the bound or after it, never before; how far after depends on the machine's load, since
    // each real millisecond of lag is minutes on the compressed clock.
    expect(retired.retiredReason).toMatch(/while failing .*policy: disable after 5d/);
    const silentDays = Number(/no successful delivery for (\d+)d/.exec(String(retired.retiredReason))?.[1]);
    expect(silentDays).toBeGreaterThanOrEqual(5);
    await waitFor(async () => !(await endpoint(dead.id)).enabled, {
      what: 'the subscription service to disable it',
    });
    expect(await endpoint(dead.id)).toMatchObject({ enabled: false, disabledReason: retired.retiredReason });
    await waitFor(async () => (await health(dead.id)).disabledReason === retired.retiredReason, {
      what: 'health to see the disabled record',
    });
    expect(await health(dead.id)).toMatchObject({ state: 'disabled', enabled: false, lastSuccessAt: null });
    await waitFor(() => notices('endpoint.disabled', dead.id).length > 0, {
      what: 'endpoint.disabled to the tenant',
    });
  });

  it('retires an endpoint that answers 410 Gone at once', async () => {
    expect((await publish('invoice.created', 1)).status).toBe(202);
    await waitFor(async () => !(await endpoint(gone.id)).enabled, {
      what: 'the 410 endpoint to be disabled',
    });
    expect((await endpoint(gone.id)).disabledReason).toMatch(
      /^the endpoint answered 410 Gone \(event evt_invoice.created_1/,
    );
    expect(await health(gone.id)).toMatchObject({ state: 'disabled', lastStatus: 410 });
  });

  it('publishes each decision exactly once, and the tenant gets exactly one notice per retirement', async () => {
    const decisions = await topics.decisions(3, 3_000);
    const summary = decisions.map(
      (d) => `${d.endpointId === dead.id ? 'dead' : 'gone'}:${d.decision}:${d.cause}`,
    );
    // Never before the policy's bound (health's clock), and recorded as retired exactly at it.
    const retirement = decisions.find((d) => d.endpointId === dead.id && d.decision === 'disable')!;
    const failingSince = Date.parse(retirement.failingSince!);
    expect(Date.parse(retirement.decidedAt) - failingSince).toBeGreaterThanOrEqual(5 * 86_400_000);
    expect((await health(dead.id)).retiredAt).toBe(new Date(failingSince + 5 * 86_400_000).toISOString());
    expect(summary.sort()).toEqual([
      'dead:disable:no_success_while_failing',
      'dead:failing:entered_failing',
      'gone:disable:gone',
    ]);
    await waitFor(() => notices('endpoint.failing', dead.id).length > 0, {
      what: 'endpoint.failing to the tenant',
    });
    await waitFor(() => notices('endpoint.disabled', gone.id).length > 0, { what: 'the 410 notice' });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(notices('endpoint.failing', dead.id)).toHaveLength(1);
    expect(notices('endpoint.disabled', dead.id)).toHaveLength(1);
    expect(notices('endpoint.disabled', gone.id)).toHaveLength(1);
  });

  it('resets the failure state when the fixed endpoint is re-enabled, and it delivers again', async () => {
    deadFixed = true;
    const enabled = await client.call(
      'POST',
      `${platform.urls.subscription}/v1/endpoints/${dead.id}/enable`,
      tenant.apiKey,
      {},
    );
    expect(enabled.status).toBeLessThan(300);
    await waitFor(async () => (await health(dead.id)).enabled, { what: 'health to see the re-enable' });
    expect(await health(dead.id)).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
      failingSince: null,
      retiredAt: null,
      disabledReason: null,
    });
    expect((await publish('customer.updated', 1)).status).toBe(202);
    const delivered = await waitFor(
      async () => {
        const now = await health(dead.id);
        return typeof now.lastSuccessAt === 'string' ? now : undefined;
      },
      { what: 'a delivery after the re-enable' },
    );
    expect(delivered).toMatchObject({ state: 'healthy', lastStatus: 200 });
    // Still one retirement on record: re-enabling is not a new notice.
    expect(
      (await topics.decisions(3, 1_000)).filter((d) => d.endpointId === dead.id && d.decision === 'disable'),
    ).toHaveLength(1);
  });
});
