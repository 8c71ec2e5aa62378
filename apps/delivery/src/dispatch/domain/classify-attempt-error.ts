import type { AttemptResult } from './attempt-result';

/** A stable, low-cardinality name for why an attempt got no HTTP response. */
export type AttemptErrorClass =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_failure'
  | 'tls_error'
  | 'blocked_address'
  | 'network_error';

const CLASS_BY_CODE: Record<string, AttemptErrorClass> = {
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'dns_failure',
  EAI_AGAIN: 'dns_failure',
};

interface ErrorShape {
  name?: string;
  code?: string;
  kind?: string;
  cause?: unknown;
}

export function classifyAttemptError(error: unknown): AttemptErrorClass {
  const { name, code, kind, cause } = (error ?? {}) as ErrorShape;
  // The egress guard's refusal: a destination that is (or resolves only to) a blocked address.
  if (code === 'HOOKLINE_BLOCKED_DESTINATION')
    return kind === 'unresolvable' ? 'dns_failure' : 'blocked_address';
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (code !== undefined && code in CLASS_BY_CODE) return CLASS_BY_CODE[code];
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return 'tls_error';
  return cause === undefined ? 'network_error' : classifyAttemptError(cause);
}

/** A request that got no response, as a retry decision: only a blocked destination is final. */
export function failedRequestResult(error: unknown): AttemptResult {
  const errorClass = classifyAttemptError(error);
  const message = (error as Error | undefined)?.message ?? String(error);
  return errorClass === 'blocked_address'
    ? { kind: 'permanent', errorClass, statusCode: null, message }
    : { kind: 'retryable', errorClass, statusCode: null, message };
}
