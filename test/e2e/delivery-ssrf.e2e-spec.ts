import { createServer, type Server } from 'node:http';
import { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

/**
 * The SSRF matrix at send time: endpoints aimed at every blocked range and spelling (records written to the
 * subscriptions topic directly, as if registration had been fooled or DNS had changed since), with the
 * delivery process configured as in production (no loopback). A listener on 127.0.0.1 counts what reaches it.
 */
describe('delivery: every blocked destination is refused at send time', () => {
  const harness = new DeliveryHarness({ allowLoopback: false, env: { DELIVERY_RETRY_SCHEDULE: '0,1s' } });
  let listener: Server;
  let reached = 0;

  beforeAll(async () => {
    listener = createServer((_, response) => {
      reached += 1;
      response.end('reached');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    await harness.prepare();
  });

  afterAll(async () => {
    await harness.stop();
    await new Promise((resolve) => listener.close(resolve));
  });

  it('refuses loopback, private, link-local, CGNAT, multicast, reserved, mapped and numeric forms, and names resolving to them', async () => {
    const port = (listener.address() as { port: number }).port;
    const urls = [
      `http://127.0.0.1:${port}/`,
      `http://localhost:${port}/`, // a name the system resolver turns into 127.0.0.1
      `http://2130706433:${port}/`, // decimal
      `http://0177.0.0.1:${port}/`, // octal
      `http://0x7f.0.0.1:${port}/`, // hex
      `http://0x7f000001:${port}/`, // hex, one number
      `http://127.1:${port}/`, // short form
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`, // IPv4-mapped
      `http://[::ffff:7f00:1]:${port}/`,
      `http://[64:ff9b::7f00:1]:${port}/`, // NAT64
      `http://[2002:7f00:1::]:${port}/`, // 6to4
      `http://0.0.0.0:${port}/`,
      `http://[::]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://224.0.0.1/',
      'http://240.0.0.1/',
      'http://[fe80::1]/',
      'http://[fc00::1]/',
    ];
    const tenant = await harness.createTenant();
    const endpoints = new Map<string, string>();
    for (const url of urls) endpoints.set((await harness.createEndpoint(tenant.id, { url })).id, url);
    await harness.startDelivery();
    await harness.publishEvents([harness.event(tenant.id)]);

    const outcomes = await harness.outcomesWhere((outcome) => endpoints.has(outcome.endpointId), urls.length);
    const byUrl = Object.fromEntries(outcomes.map((outcome) => [endpoints.get(outcome.endpointId), outcome]));
    for (const url of urls) {
      expect({ url, errorClass: byUrl[url]?.errorClass, exhausted: byUrl[url]?.exhausted }).toEqual({
        url,
        errorClass: 'blocked_address',
        exhausted: true,
      });
      expect(byUrl[url].statusCode).toBeNull();
    }
    expect(reached).toBe(0);

    // Dead-lettered with the reason, so an operator sees why and can recover after fixing the URL.
    const deadLetters = await harness.readTopic(harness.kafka.topics.deliveriesDeadLetter, urls.length);
    expect(deadLetters.map((record) => String(record.headers?.['hookline-dlq-reason']))).toEqual(
      urls.map((): unknown => expect.stringMatching(/not retryable: blocked_address/)),
    );
    expect(reached).toBe(0);
  });
});
