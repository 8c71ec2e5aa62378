import { createServer, type Server } from 'node:http';
import { REFUSED_DESTINATION_MESSAGES } from './destination-check';
import { EgressClient } from './egress-client';

/**
 * The egress client against real sockets on 127.0.0.1: every blocked form is refused at send time (the
 * listener counts what reaches it), redirects come back as responses and are never followed, and a
 * receiver cannot make an attempt cost more than the body cap or the timeout.
 */
describe('EgressClient (real sockets)', () => {
  let server: Server;
  let port: number;
  let reached: string[] = [];
  let gigabyteSent = 0;
  let gigabyteClosed: Promise<void> = Promise.resolve();
  const clients: EgressClient[] = [];

  const fakeDns = (hostname: string) => {
    const table: Record<string, Array<{ address: string; family: number }>> = {
      'loopback.test': [{ address: '127.0.0.1', family: 4 }],
      'metadata.test': [{ address: '169.254.169.254', family: 4 }],
      'private.test': [{ address: '10.0.0.7', family: 4 }],
      'mapped.test': [{ address: '::ffff:127.0.0.1', family: 6 }],
      'compatible.test': [{ address: '::7f00:1', family: 6 }],
    };
    const entry = table[hostname];
    return entry === undefined ? Promise.reject(new Error('ENOTFOUND')) : Promise.resolve(entry);
  };
  const client = (allowLoopback: boolean, timeoutMs = 2_000) => {
    const created = new EgressClient({
      allowLoopback,
      timeoutMs,
      responseBodyLimit: 4_096,
      resolve: fakeDns,
    });
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      reached.push(request.url ?? '');
      if (request.url === '/redirect-metadata') {
        response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      } else if (request.url === '/redirect-local') {
        response.writeHead(307, { location: `http://127.0.0.1:${port}/redirected` }).end();
      } else if (request.url === '/gigabyte') {
        response.writeHead(200);
        gigabyteClosed = new Promise((resolve) => response.once('close', () => resolve()));
        const chunk = Buffer.alloc(64 * 1024, 'x');
        const pump = () => {
          while (gigabyteSent < 1024 ** 3 && !response.destroyed && response.write(chunk)) {
            gigabyteSent += chunk.length;
          }
          if (gigabyteSent < 1024 ** 3 && !response.destroyed) response.once('drain', pump);
          else response.end();
        };
        pump();
      } else if (request.url === '/early-hints') {
        response.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        response.writeHead(202).end('accepted');
      } else if (request.url === '/hang') {
        // Never answers.
      } else response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterEach(() => {
    reached = [];
  });

  afterAll(async () => {
    await Promise.all(clients.map((created) => created.close().catch(() => undefined)));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['loopback', (p: number) => `http://127.0.0.1:${p}/`],
    [
      'localhost (a name this test’s DNS does not know: refused as well)',
      (p: number) => `http://localhost:${p}/`,
    ],
    ['decimal', (p: number) => `http://2130706433:${p}/`],
    ['octal', (p: number) => `http://0177.0.0.1:${p}/`],
    ['hex', (p: number) => `http://0x7f.0.0.1:${p}/`],
    ['short form', (p: number) => `http://127.1:${p}/`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/`],
    ['IPv4-mapped IPv6', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['IPv4-mapped IPv6, hex', (p: number) => `http://[::ffff:7f00:1]:${p}/`],
    ['NAT64', (p: number) => `http://[64:ff9b::7f00:1]:${p}/`],
    ['6to4', (p: number) => `http://[2002:7f00:1::]:${p}/`],
    ['IPv4-compatible IPv6', (p: number) => `http://[::127.0.0.1]:${p}/`],
    ['IPv4-translated IPv6 (SIIT)', (p: number) => `http://[::ffff:0:127.0.0.1]:${p}/`],
    ['unspecified', (p: number) => `http://0.0.0.0:${p}/`],
    ['a name resolving to loopback', (p: number) => `http://loopback.test:${p}/`],
    ['a name resolving to a mapped loopback', (p: number) => `http://mapped.test:${p}/`],
    ['a name resolving to an IPv4-compatible loopback', (p: number) => `http://compatible.test:${p}/`],
  ])('refuses %s at send time; nothing reaches the listener', async (_form, url) => {
    await expect(client(false).post(url(port), {}, '{}')).rejects.toMatchObject({
      code: 'HOOKLINE_BLOCKED_DESTINATION',
    });
    expect(reached).toEqual([]);
  });

  it.each([
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
    ['a name resolving to link-local', 'http://metadata.test/'],
    ['private', 'http://10.0.0.7/'],
    ['a name resolving to private', 'http://private.test/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['multicast', 'http://224.0.0.1/'],
    ['reserved', 'http://240.0.0.1/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique local', 'http://[fc00::1]/'],
    ['AWS IPv6 metadata', 'http://[fd00:ec2::254]/'],
    ['Azure WireServer', 'http://168.63.129.16/'],
    ['Alibaba Cloud metadata', 'http://100.100.100.200/'],
    ['Oracle Cloud metadata', 'http://192.0.0.192/'],
  ])('refuses %s even when loopback is allowed', async (_form, url) => {
    await expect(client(true).post(url, {}, '{}')).rejects.toMatchObject({
      code: 'HOOKLINE_BLOCKED_DESTINATION',
      kind: 'blocked',
    });
  });

  it.each([
    ['IPv4-mapped loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['IPv4-compatible loopback', (p: number) => `http://[::127.0.0.1]:${p}/`],
    ['a name resolving to an IPv4-mapped loopback', (p: number) => `http://mapped.test:${p}/`],
  ])('refuses %s even when loopback is allowed (loopback means 127/8 and ::1 only)', async (_form, url) => {
    await expect(client(true).post(url(port), {}, '{}')).rejects.toMatchObject({
      code: 'HOOKLINE_BLOCKED_DESTINATION',
      kind: 'blocked',
    });
    expect(reached).toEqual([]);
  });

  it('says the same fixed words for every refusal and keeps the addresses for the log', async () => {
    const refusals = await Promise.all(
      ['http://10.0.0.7/', 'http://private.test/', 'http://metadata.test/'].map((url) =>
        client(false)
          .post(url, {}, '{}')
          .then(
            () => undefined,
            (error: unknown) => error as { message: string; detail: string },
          ),
      ),
    );
    for (const refusal of refusals) {
      expect(refusal?.message).toBe(REFUSED_DESTINATION_MESSAGES.blocked);
      expect(refusal?.message).not.toMatch(/\d+\.\d+\.\d+\.\d+|private|link-local/);
    }
    expect(refusals.map((refusal) => refusal?.detail)).toEqual([
      '10.0.0.7 is blocked (private)',
      expect.stringContaining('10.0.0.7 is blocked (private)'),
      expect.stringContaining('169.254.169.254 is blocked (link-local)'),
    ]);
  });

  it('refuses a name that does not resolve, as unresolvable (a transient failure, not a block)', async () => {
    await expect(client(true).post('http://nowhere.test/', {}, '{}')).rejects.toMatchObject({
      code: 'HOOKLINE_BLOCKED_DESTINATION',
      kind: 'unresolvable',
    });
  });

  it('returns a redirect as the response and never follows it, to metadata or anywhere', async () => {
    const egress = client(true);
    const toMetadata = await egress.post(`http://127.0.0.1:${port}/redirect-metadata`, {}, '{}');
    const toLocal = await egress.post(`http://loopback.test:${port}/redirect-local`, {}, '{}');
    expect([toMetadata.statusCode, toLocal.statusCode]).toEqual([302, 307]);
    expect(reached).toEqual(['/redirect-metadata', '/redirect-local']);
  });

  it('keeps only the first 4 KiB of a body and stops reading a receiver that streams a gigabyte', async () => {
    const response = await client(true, 60_000).post(`http://127.0.0.1:${port}/gigabyte`, {}, '{}');
    expect(response.body).toHaveLength(4_096);
    await gigabyteClosed;
    // The connection is dropped after the cap: at most a few socket buffers were ever written.
    expect(gigabyteSent).toBeLessThan(64 * 1024 ** 2);
  });

  it('reads past an informational 1xx to the final response, even when it keeps no body', async () => {
    const response = await client(true).post(`http://127.0.0.1:${port}/early-hints`, {}, '{}');
    expect(response).toMatchObject({ statusCode: 202, body: 'accepted' });
    const noBody = new EgressClient({ allowLoopback: true, timeoutMs: 2_000, responseBodyLimit: 0 });
    clients.push(noBody);
    expect(await noBody.post(`http://127.0.0.1:${port}/early-hints`, {}, '{}')).toMatchObject({
      statusCode: 202,
      body: '',
    });
  });

  it('gives up on a receiver that never answers at the total timeout', async () => {
    await expect(client(true, 500).post(`http://127.0.0.1:${port}/hang`, {}, '{}')).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});
