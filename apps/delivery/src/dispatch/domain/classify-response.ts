export type ResponseVerdict =
  | { kind: 'succeeded' }
  /** Worth another attempt later: 5xx, 408, 409, 425, 429, and 3xx (a redirect is never followed). */
  | { kind: 'retryable'; errorClass: 'http_status' }
  /** The receiver refused this request for good: other 4xx. */
  | { kind: 'permanent'; errorClass: 'http_status' }
  /** 410: the endpoint asks to be disabled (the health service decides; delivery just stops retrying). */
  | { kind: 'gone'; errorClass: 'gone' };

const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export function classifyResponse(statusCode: number): ResponseVerdict {
  if (statusCode >= 200 && statusCode < 300) return { kind: 'succeeded' };
  if (statusCode === 410) return { kind: 'gone', errorClass: 'gone' };
  if (statusCode >= 400 && statusCode < 500 && !RETRYABLE_4XX.has(statusCode)) {
    return { kind: 'permanent', errorClass: 'http_status' };
  }
  return { kind: 'retryable', errorClass: 'http_status' };
}
