/**
 * The bench's webhook receiver, run as its own process so its work is not the bench driver's: answers
 * 200 the moment a request's body has arrived, then records when, which webhook-id, and how long after the
 * event was accepted (`time`) and published (`data.sentAt`). Paths under /hang are never answered (the
 * noisy-neighbour endpoint: the delivery service's timeout ends them). Deliveries are grouped into runs by
 * `data.run`; the ceiling pipeline posts to /ceiling, whose runs are `ceiling-<data.run>`.
 *
 * Control API (same port): GET /_bench/runs/<run>/progress, GET /_bench/runs/<run>/arrivals, GET /_bench/runs/<run>, DELETE /_bench/runs/<run>,
 * GET /_bench/hanging. It listens on two ports (see below) and prints `listening <port> <hang port>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RunRecord } from './run-record';

const runs = new Map<string, RunRecord>();
let hanging = 0;

function record(request: IncomingMessage, body: Buffer, arrivedAt: number): void {
  let envelope: { id?: string; time?: string; data?: { run?: string; sentAt?: number } };
  try {
    envelope = JSON.parse(body.toString('utf8')) as typeof envelope;
  } catch {
    envelope = {};
  }
  const tag = envelope.data?.run ?? 'untagged';
  const run = request.url?.startsWith('/ceiling') ? `ceiling-${tag}` : tag;
  const id = String(request.headers['webhook-id'] ?? envelope.id ?? `${arrivedAt}-${Math.random()}`);
  let runRecord = runs.get(run);
  if (runRecord === undefined) runs.set(run, (runRecord = new RunRecord()));
  runRecord.add(
    id,
    arrivedAt,
    body.length,
    envelope.time === undefined ? NaN : Date.parse(envelope.time),
    envelope.data?.sentAt ?? NaN,
  );
}

function control(request: IncomingMessage, response: ServerResponse): void {
  const send = (status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  if (request.url === '/_bench/hanging') return send(200, { hanging });
  const [, , , name, what] = (request.url ?? '').split('/');
  const run = runs.get(decodeURIComponent(name ?? ''));
  if (request.method === 'DELETE') {
    runs.delete(decodeURIComponent(name ?? ''));
    return send(204, {});
  }
  if (what === 'arrivals') return send(200, run?.firstArrivals() ?? {});
  if (what === 'progress')
    return send(200, run?.progress() ?? { count: 0, unique: 0, firstAt: 0, lastAt: 0 });
  if (run === undefined) return send(404, { message: `no deliveries for run ${name}` });
  send(200, run.stats());
}

function handle(request: IncomingMessage, response: ServerResponse): void {
  if (request.url?.startsWith('/_bench/')) return control(request, response);
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (request.url?.startsWith('/hang')) {
      hanging += 1;
      return; // never answered
    }
    const arrivedAt = Date.now();
    response.writeHead(200, { 'content-length': '0' }).end();
    record(request, Buffer.concat(chunks), arrivedAt);
  });
}
// A second port, same handler, for the hanging endpoint: a different origin, as a misbehaving receiver
// would be, so it does not share the delivery service's connection pool with the answering endpoints.
const servers = [createServer(handle), createServer(handle)];
const listening = servers.map(
  (server) =>
    new Promise<number>((resolve) => {
      server.keepAliveTimeout = 60_000;
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : 0);
      });
    }),
);
void Promise.all(listening).then((ports) => process.stdout.write(`listening ${ports.join(' ')}\n`));

function stop(): void {
  let open = servers.length;
  for (const server of servers) {
    server.closeAllConnections();
    server.close(() => (--open === 0 ? process.exit(0) : undefined));
  }
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
