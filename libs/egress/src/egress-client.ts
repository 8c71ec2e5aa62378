import type { Agent } from 'undici';
import { CappedResponseHandler } from './capped-response-handler';
import type { HostResolver } from './destination-check';
import { createGuardedDispatcher } from './guarded-dispatcher';

export interface EgressClientOptions {
  /** Loopback only (tests, local demos); everything else in the blocked ranges stays blocked. */
  allowLoopback: boolean;
  /** One private IPv4 range that may be contacted (development only; AddressPolicy). */
  allowedPrivateRange?: string;
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
  private readonly targets = new ParsedUrls();

  constructor(private readonly options: EgressClientOptions) {
    this.agent = createGuardedDispatcher({
      allowLoopback: options.allowLoopback,
      allowedPrivateRange: options.allowedPrivateRange,
      connectTimeoutMs: options.timeoutMs,
      connectionsPerOrigin: options.connectionsPerOrigin ?? 64,
      keepAliveTimeoutMs: options.keepAliveTimeoutMs,
      resolve: options.resolve,
    });
  }

  post(url: string, headers: Record<string, string>, body: string): Promise<EgressResponse> {
    const { timeoutMs, responseBodyLimit } = this.options;
    return new Promise((resolve, reject) => {
      // Inside the executor: an unparsable URL rejects like any other failed attempt.
      const target = this.targets.of(url);
      const handler = new CappedResponseHandler(responseBodyLimit, timeoutMs, resolve, reject);
      this.agent.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: 'POST',
          headers,
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        handler,
      );
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Origin and path of each endpoint URL, parsed once (a bounded cache: endpoints are few, requests many). */
class ParsedUrls {
  private readonly parsed = new Map<string, { origin: string; path: string }>();

  of(url: string): { origin: string; path: string } {
    let target = this.parsed.get(url);
    if (target === undefined) {
      const { origin, pathname, search } = new URL(url);
      target = { origin, path: `${pathname}${search}` };
      if (this.parsed.size >= 10_000) this.parsed.clear();
      this.parsed.set(url, target);
    }
    return target;
  }
}
