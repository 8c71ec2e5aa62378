import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { UnsupportedOtlpEncoding, decodeOtlpTraceRequest } from './decode-otlp-request';
import type { ReceivedSpan } from './otlp-span';

const TRACES_PATH = '/v1/traces';
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * A minimal OTLP/HTTP trace receiver (`POST /v1/traces`, JSON or protobuf, optionally gzip): keeps every
 * span it is sent, in memory, and tells listeners. What `npm run traces` prints and what the trace
 * end-to-end test reads; not a collector (no retention limits, no forwarding).
 */
export class OtlpTraceReceiver {
  readonly spans: ReceivedSpan[] = [];
  private readonly listeners = new Set<(spans: ReceivedSpan[]) => void>();
  private server: Server | undefined;

  /** Keeps at most `maxSpans` (the oldest go first), so a receiver left running stays bounded. */
  constructor(private readonly maxSpans = 200_000) {}

  /** Listens on `host:port` (port 0 picks a free one); resolves with the base URL exporters should use. */
  async start(port = 4318, host = '127.0.0.1'): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return this.url;
  }

  /** The base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); exporters append `/v1/traces`. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (address == null) throw new Error('the OTLP receiver is not listening');
    return `http://${address.address}:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  onSpans(listener: (spans: ReceivedSpan[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every span received so far with this trace id. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url?.split('?')[0] !== TRACES_PATH) {
      return answer(response, 404, `only POST ${TRACES_PATH} is served`);
    }
    try {
      let body = await readBody(request);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const spans = decodeOtlpTraceRequest(request.headers['content-type'], body);
      this.spans.push(...spans);
      if (this.spans.length > this.maxSpans) this.spans.splice(0, this.spans.length - this.maxSpans);
      for (const listener of this.listeners) listener(spans);
      const protobuf = request.headers['content-type']?.includes('protobuf') ?? false;
      // An empty ExportTraceServiceResponse: `{}` in JSON, zero bytes in protobuf.
      response.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' });
      response.end(protobuf ? undefined : '{}');
    } catch (error) {
      const status =
        error instanceof UnsupportedOtlpEncoding ? 415 : error instanceof BodyTooLarge ? 413 : 400;
      answer(response, status, (error as Error).message);
    }
  }
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function answer(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ code: status, message }));
}
