/**
 * The producer cannot take events right now, through no fault of the request: the event store (Postgres)
 * does not answer, or the queue in front of it is full. The client may retry the same submission (ids make
 * it idempotent) after `retryAfterSeconds`.
 */
export class IngestUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'IngestUnavailableError';
  }
}

/** Node's codes for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Postgres SQLSTATEs that mean "not now" rather than "not this": connection exceptions (class 08), too many
 * connections, a shutdown or restart in progress, and a statement cancelled by `statement_timeout`.
 */
const UNAVAILABLE_STATES = new Set(['53300', '57P01', '57P02', '57P03', '57014']);

/** node-postgres' own messages for a connection that timed out, ended or broke. */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /query read timeout/i,
  /not queryable/i,
  /connection (?:is )?closed/i,
];

/**
 * Whether an error from the data layer means Postgres is unreachable or overloaded (answer 503 and let the
 * client retry) rather than a fault in the request or the code. Looks through TypeORM's wrapper
 * (`driverError`) and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current instanceof Object && !seen.has(current);) {
    seen.add(current);
    const { code, message, driverError, cause } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_STATES.has(code))
    ) {
      return true;
    }
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
      return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = driverError ?? cause;
  }
  return false;
}
