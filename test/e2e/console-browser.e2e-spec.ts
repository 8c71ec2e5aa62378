import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  PlatformClient,
  TestReceiver,
  createTestDatabase,
  generatePlatformSecrets,
  startFrontDoor,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
  type ServiceProcess,
  type TestDatabase,
} from '@hookline/testing';
import { launchChromium, screenshot, storageAndUrl } from './console/console-browser';

/**
 * The console in a real headless Chromium (Debian's package, driven by playwright-core) against the real
 * services behind the front door: what a tenant and an operator see and do. Screenshots: reports/console/.
 */
describe('console in a browser', () => {
  const secrets = generatePlatformSecrets();
  const receiver = new TestReceiver();
  let database: TestDatabase;
  let platform: LocalPlatform;
  let door: ServiceProcess;
  let client: PlatformClient;
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabase();
    await receiver.start();
    const namespace = `e2e${randomBytes(4).toString('hex')}.`;
    const logDir = join(__dirname, '..', '..', 'reports', 'logs', namespace);
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets,
      namespace,
      logDir,
      // Generous: on a machine shared with other test runs, services have taken over a minute to boot.
      readyTimeoutMs: 150_000,
    });
    door = await startFrontDoor(platform, { logDir });
    client = new PlatformClient(platform.urls, secrets);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await door?.stop();
    await platform?.stop();
    await receiver.stop();
    await database?.drop();
  });

  async function signIn(page: Page, kind: 'Tenant' | 'Operator', token: string): Promise<void> {
    await page.goto(door.url);
    await page.getByLabel(kind, { exact: false }).first().check();
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs a tenant in, shows the endpoint and its health, sends a test event and shows its attempt', async () => {
    const tenant = await client.createTenant({ name: 'Browser Co' });
    const endpoint = await client.createEndpoint(tenant.apiKey, { url: receiver.url('/browser') });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    await signIn(page, 'Tenant', tenant.apiKey);
    const row = page.locator(`tr[data-endpoint-id="${endpoint.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(receiver.url('/browser'));
    await screenshot(page, 'tenant-endpoints');

    await row.getByRole('link').click();
    await page.getByRole('heading', { name: receiver.url('/browser') }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Sent', { exact: false }).waitFor({ timeout: 15_000 });
    const succeeded = page.locator('tr.attempt-succeeded');
    await waitFor(
      async () => {
        if ((await succeeded.count()) > 0) return true;
        await page.getByRole('button', { name: 'Refresh' }).click();
        return false;
      },
      { what: 'the test event’s attempt in the console', timeoutMs: 30_000, intervalMs: 1_000 },
    );
    expect(await succeeded.first().textContent()).toContain('200');
    expect(receiver.requests.some((request) => request.path === '/browser')).toBe(true);
    await screenshot(page, 'tenant-endpoint-attempts');

    // Back on the list, the endpoint's health turns healthy with a lastSuccessAt.
    await waitFor(
      async () => {
        await page.goto(`${door.url}/#/endpoints`);
        await row.waitFor({ timeout: 10_000 });
        return (await row.locator('.badge-healthy').count()) > 0;
      },
      { what: 'the endpoint to show healthy', timeoutMs: 30_000, intervalMs: 1_000 },
    );
    expect(await row.textContent()).toMatch(/ago/);
    await screenshot(page, 'tenant-endpoints-healthy');

    // Revealing the signing secret shows it on the page only.
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const kept = await storageAndUrl(page);
    for (const credential of [tenant.apiKey, secret]) {
      expect(kept.url).not.toContain(credential);
      expect(kept.local).not.toContain(credential);
    }
    expect(kept.local).toBe('{}');
    await context.close();
  });

  it('works at phone width: the endpoint list stacks into labelled cards', async () => {
    const tenant = await client.createTenant({ name: 'Phone Co' });
    const endpoint = await client.createEndpoint(tenant.apiKey, { url: receiver.url('/phone') });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await signIn(page, 'Tenant', tenant.apiKey);
    const row = page.locator(`tr[data-endpoint-id="${endpoint.id}"]`);
    await row.waitFor({ timeout: 15_000 });
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'tenant-endpoints-phone');
    await context.close();
  });

  it('refuses a wrong API key with a clear message and keeps it nowhere', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'Tenant', 'hk_not_a_real_key');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('not accepted');
    expect(await storageAndUrl(page)).toEqual({ local: '{}', url: `${door.url}/` });
    await context.close();
  });

  it('signs an operator in and shows a tenant with its quotas', async () => {
    const tenant = await client.createTenant({ name: 'Operated Ltd' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'Operator', secrets.operatorToken);
    await page.getByRole('heading', { name: 'Tenants' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('Tenant id').fill(tenant.id);
    await page.getByRole('button', { name: 'Show tenant' }).click();
    await page.getByRole('heading', { name: 'Operated Ltd' }).waitFor({ timeout: 15_000 });
    await page.getByRole('heading', { name: 'Quotas' }).waitFor();
    await screenshot(page, 'operator-tenant');
    const kept = await storageAndUrl(page);
    expect(kept.url).not.toContain(secrets.operatorToken);
    expect(kept.local).toBe('{}');
    await context.close();
  });
});
