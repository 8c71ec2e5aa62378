import { createServer, type Server } from 'node:http';
import { request, type Dispatcher } from 'undici';
import {
  BlockedDestinationError,
  REFUSED_DESTINATION_MESSAGES,
  checkUrlDestination,
} from './destination-check';
import { createGuardedDispatcher } from './guarded-dispatcher';

/**
 * A real listener on 127.0.0.1 counts every request that reaches it: the guard must keep that count at
 * zero for every blocked spelling, and let requests through only where the policy allows loopback.
 */
describe('guarded egress (real sockets on 127.0.0.1)', () => {
  let server: Server;
  let port: number;
  let reached = 0;
  const dispatchers: Dispatcher[] = [];

  // A fake DNS, so tests need no network: names that resolve to blocked addresses, and one that fails.
  const fakeDns = (hostname: string) => {
    const table: Record<string, Array<{ address: string; family: number }>> = {
      'rebind.test': [{ address: '127.0.0.1', family: 4 }],
      'metadata.test': [{ address: '169.254.169.254', family: 4 }],
      'mixed.test': [
        { address: '10.0.0.1', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
    };
    const entry = table[hostname];
    return entry === undefined ? Promise.reject(new Error('ENOTFOUND')) : Promise.resolve(entry);
  };

  const guarded = (allowLoopback: boolean) => {
    const dispatcher = createGuardedDispatcher({
      allowLoopback,
      connectTimeoutMs: 2_000,
      connectionsPerOrigin: 4,
      resolve: fakeDns,
    });
    dispatchers.push(dispatcher);
    return dispatcher;
  };

  beforeAll(async () => {
    server = createServer((_, response) => {
      reached += 1;
      response.writeHead(302, { location: `http://169.254.169.254/latest/meta-data` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });

  afterAll(async () => {
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
    await new Promise((resolve) => server.close(resolve));
  });

  const spellings = () => [
    `http://127.0.0.1:${port}/`,
    `http://localhost:${port}/`,
    `http://2130706433:${port}/`,
    `http://0177.0.0.1:${port}/`,
    `http://0x7f.0.0.1:${port}/`,
    `http://127.1:${port}/`,
    `http://[::ffff:127.0.0.1]:${port}/`,
    `http://[::127.0.0.1]:${port}/`,
    `http://[::ffff:0:127.0.0.1]:${port}/`,
    `http://rebind.test:${port}/`,
    `http://mixed.test:${port}/`,
    `http://metadata.test:${port}/`,
    `http://unresolvable.test:${port}/`,
  ];

  it('refuses every blocked spelling and resolved name at send time; none reaches the listener', async () => {
    const dispatcher = guarded(false);
    // "localhost" goes through the system resolver in real life; the fake one leaves it unresolvable, which
    // must also refuse.
    for (const url of spellings()) {
      await expect(request(url, { dispatcher, method: 'POST', body: '{}' })).rejects.toThrow();
    }
    expect(reached).toBe(0);
  });

  it('refuses the same URLs at registration time with a reason', async () => {
    for (const url of spellings()) {
      await expect(checkUrlDestination(url, { allowLoopback: false }, fakeDns)).rejects.toBeInstanceOf(
        BlockedDestinationError,
      );
    }
    await expect(
      checkUrlDestination('http://metadata.test/', { allowLoopback: true }, fakeDns),
    ).rejects.toMatchObject({
      message: REFUSED_DESTINATION_MESSAGES.blocked,
      detail:
        'metadata.test resolves only to addresses that may not be contacted: 169.254.169.254 is blocked (link-local)',
    });
  });

  it('reaches loopback only when configured, and never follows the redirect it gets', async () => {
    const response = await request(`http://rebind.test:${port}/`, {
      dispatcher: guarded(true),
      method: 'POST',
    });
    expect(response.statusCode).toBe(302);
    await response.body.dump();
    expect(reached).toBe(1);
  });
});
