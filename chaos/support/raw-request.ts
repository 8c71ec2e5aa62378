import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The JSON body, or `{ text }` when it is not JSON. */
  body: Record<string, unknown>;
  ms: number;
}

/**
 * One HTTP request with exactly the bytes and headers given (no client-side limits or encodings), answered
 * even when the server closes the connection after its answer: what a hostile client sends.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'POST', headers: options.headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = { text };
          }
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body,
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `status code "message"`: the exact refusal an abuser got, as the hostile rows report it. */
export function describeAnswer(answer: RawAnswer): string {
  const code = typeof answer.body.code === 'string' ? ` ${answer.body.code}` : '';
  const retry =
    answer.headers['retry-after'] === undefined ? '' : ` Retry-After=${answer.headers['retry-after']}`;
  const errors = answer.body.errors as Array<{ field: string; message: string }> | undefined;
  const message =
    errors !== undefined && errors.length > 0
      ? `${errors[0].field}: ${errors[0].message}`
      : typeof answer.body.message === 'string'
        ? answer.body.message
        : '';
  return `${answer.status}${code}${retry}${message === '' ? '' : ` "${message}"`}`;
}
