import { REFUSED_DESTINATION_MESSAGES } from '@hookline/egress';
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

/**
 * A request that got no response, as a retry decision: only a blocked destination is final. The egress
 * guard's refusal is told in its fixed words (the tenant reads attempt messages); the addresses behind it
 * go to `detail`, for the log.
 */
export function failedRequestResult(error: unknown): AttemptResult {
  const errorClass = classifyAttemptError(error);
  const refusal = egressRefusal(error);
  const message =
    refusal === undefined
      ? ((error as Error | undefined)?.message ?? String(error))
      : REFUSED_DESTINATION_MESSAGES[refusal.kind];
  const detail = refusal === undefined ? {} : { detail: refusal.detail };
  return errorClass === 'blocked_address'
    ? { kind: 'permanent', errorClass, statusCode: null, message, ...detail }
    : { kind: 'retryable', errorClass, statusCode: null, message, ...detail };
}

/** The egress guard's refusal, wherever in the cause chain the HTTP client put it. */
function egressRefusal(error: unknown): { kind: 'blocked' | 'unresolvable'; detail: string } | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const { code, kind, detail, cause } = current as ErrorShape & { detail?: unknown };
    if (code === 'HOOKLINE_BLOCKED_DESTINATION') {
      return {
        kind: kind === 'unresolvable' ? 'unresolvable' : 'blocked',
        detail: typeof detail === 'string' ? detail : 'no detail',
      };
    }
    current = cause;
  }
  return undefined;
}
