import { util, type Dispatcher } from 'undici';

export interface CappedResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /** At most `limit` bytes, decoded as UTF-8. */
  body: string;
}

/**
 * An undici dispatch handler for one POST: keeps the status, the headers and the first `limit` bytes of the
 * body, then lets go of the connection (a receiver streaming a gigabyte costs us `limit` bytes), and ends the
 * attempt at `timeoutMs` whatever stage it is in. Used through `dispatch` rather than `request`, which per
 * call builds an async resource, a body stream and abort-signal listeners: once per delivery, that showed.
 */
export class CappedResponseHandler implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private statusCode = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private abortRequest?: (error: Error) => void;
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly limit: number,
    timeoutMs: number,
    private readonly resolve: (response: CappedResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.timer = setTimeout(() => this.fail(timeoutError(timeoutMs)), timeoutMs);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.abortRequest = abort;
    // Timed out while waiting for a connection: the request goes no further.
    if (this.settled) abort(new Error('the attempt already ended'));
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx (100 Continue, 103 Early Hints) are informational: the final response follows.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.headers = util.parseHeaders(rawHeaders);
    if (this.limit === 0) this.finishEarly();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.limit) this.finishEarly();
    return true;
  }

  onComplete(): void {
    this.finish();
  }

  onError(error: Error): void {
    this.fail(error);
  }

  /** Enough read: answer now and drop the connection rather than read (or wait for) the rest. */
  private finishEarly(): void {
    this.finish();
    this.abortRequest?.(new Error('response body cap reached'));
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const body =
      this.chunks.length === 0 ? '' : Buffer.concat(this.chunks).subarray(0, this.limit).toString('utf8');
    this.resolve({ statusCode: this.statusCode, headers: this.headers, body });
  }

  private fail(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.abortRequest?.(error);
    this.reject(error);
  }
}

function timeoutError(timeoutMs: number): DOMException {
  return new DOMException(`no complete response within ${timeoutMs} ms`, 'TimeoutError');
}
