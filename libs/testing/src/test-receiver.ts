import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface ReceiverReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the response this long (to simulate a slow or hanging endpoint). */
  delayMs?: number;
}

/**
 * A real HTTP receiver on 127.0.0.1 for tests: records every request and answers with what `reply` says
 * (200 by default), so a test can script failures, delays and recoveries.
 */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  reply: (request: ReceivedRequest, index: number) => ReceiverReply = () => ({ status: 200 });
  /** Requests open right now (arrived, not yet answered), and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** The same, per request path (one endpoint each in most tests). */
  readonly inFlightByPath = new Map<string, number>();
  readonly maxInFlightByPath = new Map<string, number>();
  private server?: Server;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const path = request.url ?? '';
      const open = (this.inFlightByPath.get(path) ?? 0) + 1;
      this.inFlightByPath.set(path, open);
      this.maxInFlightByPath.set(path, Math.max(this.maxInFlightByPath.get(path) ?? 0, open));
      response.once('close', () => {
        this.inFlight -= 1;
        this.inFlightByPath.set(path, (this.inFlightByPath.get(path) ?? 1) - 1);
      });
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = {
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(received);
        const reply = this.reply(received, this.requests.length - 1);
        const send = () => response.writeHead(reply.status, reply.headers).end(reply.body ?? '');
        if (reply.delayMs === undefined) send();
        else setTimeout(send, reply.delayMs).unref();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
