import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { platformServiceEnv, startServiceProcess, waitFor } from '@hookline/testing';
import { sleep } from '../support/await-routing';
import { ChaosPlatform, type Attempt } from '../support/chaos-platform';
import type { Cleanup } from '../support/cleanup';
import { putEndpointRecords } from '../support/endpoint-records';
import { Verdict, type Scenario } from '../support/scenario';

/** Every blocked range and spelling, aimed at a listener on 127.0.0.1 where the address allows a port. */
function blockedUrls(port: number): string[] {
  return [
    `http://127.0.0.1:${port}/`,
    `http://2130706433:${port}/`, // decimal
    `http://0177.0.0.1:${port}/`, // octal
    `http://0x7f.0.0.1:${port}/`, // hex
    `http://0x7f000001:${port}/`, // hex, one number
    `http://127.1:${port}/`, // short form
    `http://127.0.0.2:${port}/`, // the rest of 127/8
    `http://[::1]:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`, // IPv4-mapped
    `http://[::ffff:7f00:1]:${port}/`,
    `http://[64:ff9b::7f00:1]:${port}/`, // NAT64
    `http://[2002:7f00:1::]:${port}/`, // 6to4
    `http://[::127.0.0.1]:${port}/`, // IPv4-compatible
    `http://[::ffff:0:127.0.0.1]:${port}/`, // IPv4-translated (SIIT)
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
    `http://[::]:${port}/`,
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://10.0.0.1/',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://240.0.0.1/',
    'http://255.255.255.255/',
    'http://[fc00::1]/',
    'http://[ff02::1]/',
    'http://[4000::1]/', // outside global unicast
    'http://168.63.129.16/', // Azure WireServer
    'http://100.100.100.200/latest/meta-data/', // Alibaba Cloud metadata
    'http://192.0.0.192/opc/v2/instance/', // Oracle Cloud metadata
    'http://[fd00:ec2::254]/latest/meta-data/', // AWS IPv6 metadata
    ...loopbackNames().map((name) => `http://${name}:${port}/`), // names the system resolver maps to 127.x
  ];
}

/** Host names /etc/hosts maps to a loopback address (localhost at least): names that resolve to a blocked one. */
function loopbackNames(): string[] {
  const names = new Set(['localhost']);
  try {
    for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
      const [address, ...hosts] = line.replace(/#.*/, '').trim().split(/\s+/);
      if (address?.startsWith('127.') || address === '::1')
        for (const host of hosts) if (host) names.add(host);
    }
  } catch {
    // No hosts file: localhost alone.
  }
  return [...names].filter((name) => /^[a-z0-9.-]+$/i.test(name));
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/** An IPv4 or IPv6 address, or a range's name: what a refusal a tenant reads must never contain. */
const REVEALING =
  /\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]{0,4}:[0-9a-f]{0,4}:[0-9a-f:.]*|loopback|private|link-local/i;

/**
 * Production egress settings (no loopback): every blocked URL is refused at registration (400), and the same
 * URLs written onto the subscriptions topic past registration are refused by delivery at send time. Then,
 * with loopback allowed (a test config), a receiver redirects with every 3xx to blocked targets and to the
 * listener: redirects are never followed. The listener counts every request that reached it.
 */
export const ssrfMatrix: Scenario = {
  name: 'SSRF matrix',
  bar: '0 requests reach a listener on 127.0.0.1 (loopback allowed only where a test config says so)',
  quick: true,
  timeoutMs: 3 * 60_000,
  async run(context) {
    let reached = 0;
    const listener = await listen(() => reached++);
    context.cleanup.defer('the listener', () => close(listener));
    const port = (listener.address() as { port: number }).port;
    const urls = blockedUrls(port);

    const chaos = await ChaosPlatform.start(context, 'ssrf', {
      allowLocalEndpoints: false,
      logLevel: 'warn',
      extra: { ALLOW_HTTP_ENDPOINTS: 'true' },
      serviceEnv: { delivery: { DELIVERY_RETRY_SCHEDULE: '0,1s' } },
    });
    const tenant = await chaos.createTenant('ssrf');
    const verdict = new Verdict();

    // 1. Registration (subscription service).
    let refusedAtRegistration = 0;
    const revealing: string[] = [];
    for (const url of urls) {
      const answer = await chaos.call('subscription', 'POST', '/v1/endpoints', tenant.apiKey, { url });
      if (answer.status === 400) refusedAtRegistration++;
      else verdict.check(false, `registration of ${url} answered ${answer.status}`);
      if (REVEALING.test(JSON.stringify(answer.body))) revealing.push(`registration of ${url}`);
    }

    // 2. Send time (delivery): the same URLs, past registration.
    const written = await putEndpointRecords(chaos, tenant.id, urls, ['ssrf.*']);
    const eventId = `ssrf_${Date.now()}`;
    await sleep(1_000);
    await chaos.publish([{ id: eventId, type: 'ssrf.created', subject: 's', tenant: tenant.id, data: {} }]);
    const blockedAttempts = await waitFor(
      async () => {
        const attempts = (await chaos.attempts(tenant.apiKey, { eventId })).filter((a) =>
          written.has(a.endpointId),
        );
        const blocked = attempts.filter((a) => a.errorClass === 'blocked_address' && a.exhausted === true);
        return new Set(blocked.map((a) => a.endpointId)).size === written.size ? attempts : undefined;
      },
      { what: 'a blocked_address attempt per written endpoint', timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => [] as Attempt[]);
    const refusedAtSend = new Set(
      blockedAttempts.filter((a) => a.errorClass === 'blocked_address').map((a) => a.endpointId),
    ).size;
    verdict.check(
      refusedAtSend === urls.length,
      `delivery refused ${refusedAtSend}/${urls.length} at send time`,
    );
    for (const attempt of blockedAttempts as Array<Attempt & { errorMessage?: string | null }>) {
      if (REVEALING.test(attempt.errorMessage ?? ''))
        revealing.push(`the attempt to ${written.get(attempt.endpointId)}`);
    }
    verdict.check(revealing.length === 0, `refusals that name an address or range: ${revealing.join(', ')}`);

    // 3. Redirects, with loopback allowed for delivery only (the redirector itself is on 127.0.0.1).
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`,
      'http://169.254.169.254/latest/',
    ];
    let redirects = 0;
    const redirector = await listen((request, response) => {
      redirects++;
      const [status, target] = (request.url ?? '/0/0').split('/').slice(1).map(Number);
      response.writeHead(REDIRECT_STATUSES[status] ?? 302, { location: targets[target] ?? targets[0] }).end();
    });
    context.cleanup.defer('the redirector', () => close(redirector));
    const redirectPort = (redirector.address() as { port: number }).port;
    await restartDeliveryAllowingLoopback(chaos, context.cleanup);
    const redirectUrls = REDIRECT_STATUSES.flatMap((_, s) =>
      targets.map((__, t) => `http://127.0.0.1:${redirectPort}/${s}/${t}`),
    );
    const redirectEndpoints = await putEndpointRecords(chaos, tenant.id, redirectUrls, ['redirect.*']);
    await sleep(1_000);
    const redirectEvent = `redirect_${Date.now()}`;
    await chaos.publish([
      { id: redirectEvent, type: 'redirect.created', subject: 'r', tenant: tenant.id, data: {} },
    ]);
    const redirectAttempts = await waitFor(
      async () => {
        const attempts = (await chaos.attempts(tenant.apiKey, { eventId: redirectEvent })).filter((a) =>
          redirectEndpoints.has(a.endpointId),
        );
        return attempts.filter((a) => a.exhausted === true).length === redirectEndpoints.size
          ? attempts
          : undefined;
      },
      { what: 'every redirect delivery to be exhausted', timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => [] as Attempt[]);
    const redirectFailures = redirectAttempts.filter(
      (a) => a.result === 'failed' && (a.statusCode ?? 0) >= 300,
    ).length;
    verdict.check(
      redirectAttempts.length > 0 && redirectFailures === redirectAttempts.length,
      `${redirectAttempts.length - redirectFailures}/${redirectAttempts.length} redirect attempts were not failures`,
    );
    await sleep(1_000);
    verdict.check(reached === 0, `${reached} requests reached the listener on 127.0.0.1`);
    return verdict.result({
      blocked_urls: urls.length,
      refused_at_registration: `${refusedAtRegistration}/${urls.length}`,
      refused_at_send: `${refusedAtSend}/${urls.length}`,
      refusals_naming_an_address: revealing.length,
      redirect_attempts: `${redirects} (${REDIRECT_STATUSES.length} statuses × ${targets.length} targets, failed ${redirectFailures})`,
      reached_listener: reached,
    });
  },
};

/** Replaces the platform's delivery process with one whose config allows loopback (same port and namespace). */
async function restartDeliveryAllowingLoopback(chaos: ChaosPlatform, cleanup: Cleanup): Promise<void> {
  const options = chaos.platform.options;
  const port = Number(new URL(chaos.url('delivery')).port);
  await chaos.platform.processes.delivery.stop();
  const delivery = await startServiceProcess({
    service: 'delivery',
    port,
    logFile: join(chaos.logDir, 'delivery-loopback.log'),
    env: {
      ...platformServiceEnv(options, port),
      ...options.serviceEnv?.delivery,
      DELIVERY_ALLOW_LOOPBACK: 'true',
    },
  });
  chaos.platform.processes.delivery = delivery;
  cleanup.defer('the loopback delivery process', () => delivery.stop());
}

function listen(handle: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer((request, response) => {
    handle(request, response);
    if (!response.headersSent) response.end('reached');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
