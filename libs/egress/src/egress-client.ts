import type { Readable } from 'node:stream';
import { request, type Agent } from 'undici';
import type { HostResolver } from './destination-check';
import { createGuardedDispatcher } from './guarded-dispatcher';

export interface EgressClientOptions {
  /** Loopback only (tests, local demos); everything else in the blocked ranges stays blocked. */
  allowLoopback: boolean;
  /** Total time for one request: connect, send, and read the (capped) response. */
  timeoutMs: number;
  /** Bytes of the response body kept; the rest is never read. */
  responseBodyLimit: number;
  connectionsPerOrigin?: number;
  keepAliveTimeoutMs?: number;
  resolve?: HostResolver;
}

export interface EgressResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** At most `responseBodyLimit` bytes, decoded as UTF-8. */
  body: string;
}

/**
 * The one way Hookline reaches the outside world: undici with keep-alive pools per origin, a total timeout,
 * a capped response body, no redirects (a 3xx comes back as the response, never followed), and the SSRF
 * guard (only addresses outside the blocked ranges, connected to as checked, at send time).
 */
export class EgressClient {
  private readonly agent: Agent;

  constructor(private readonly options: EgressClientOptions) {
    this.agent = createGuardedDispatcher({
      allowLoopback: options.allowLoopback,
      connectTimeoutMs: options.timeoutMs,
      connectionsPerOrigin: options.connectionsPerOrigin ?? 64,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
      resolve: options.resolve,
    });
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<EgressResponse> {
    const { timeoutMs, responseBodyLimit } = this.options;
    // A timer cleared when the attempt ends: AbortSignal.timeout's cannot be, so at thousands of requests a
    // second every finished request would keep a timer and its signal alive for the whole timeout.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
    try {
      const response = await request(url, {
        method: 'POST',
        headers,
        body,
        dispatcher: this.agent,
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      return {
        statusCode: response.statusCode,
        headers: response.headers,
        body: await readCapped(response.body, responseBodyLimit),
      };
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function timeoutError(timeoutMs: number): DOMException {
  return new DOMException(`no complete response within ${timeoutMs} ms`, 'TimeoutError');
}

/** Reads at most `limit` bytes of a body (events, not an async iterator: this runs once per delivery). */
function readCapped(body: Readable, limit: number): Promise<string> {
  if (limit === 0) {
    body.destroy();
    return Promise.resolve('');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const text = () => (chunks.length === 0 ? '' : Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    body.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        // Stop reading: a receiver that streams a gigabyte must not cost us a gigabyte (or the time to read it).
        body.destroy();
        resolve(text());
      }
    });
    body.once('end', () => resolve(text()));
    body.once('error', reject);
  });
}
