/**
 * The three ways a record's handling can fail, each with its own treatment in every Hookline consumer:
 * - `invalid`: the record can never be handled (undecodable, too deep, schema-invalid): dead-lettered at once;
 * - `handler`: handling threw for this record (a bug, a value the code cannot cope with): retried a bounded
 *   number of times with backoff, then dead-lettered with the error, and the partition moves on;
 * - `infrastructure`: Kafka or Postgres is unreachable: retried without limit, nothing is dead-lettered,
 *   because the next record would fail the same way and none of them is at fault.
 */
export type FailureClass = 'invalid' | 'handler' | 'infrastructure';

/** Thrown by a handler for a record that can never be handled; `reason` travels with the dead letter. */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  constructor(
    readonly reason: string,
    /** Ids the record concerns, for the dead letter's headers and log line. */
    readonly ids: DeadLetterIds = {},
  ) {
    super(reason);
  }
}

export interface DeadLetterIds {
  tenantId?: string;
  eventId?: string;
}

/** kafkajs errors that mean the cluster (or the way to it) is away, whatever the record. */
const KAFKA_OUTAGE_ERRORS: ReadonlySet<string> = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
]);

/** Socket-level error codes (Node's `errno` names) of a peer that cannot be reached. */
const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * Postgres SQLSTATEs of an unavailable or overloaded server, or of a transaction that only needs running
 * again: class 08 (connection exception), 53 (insufficient resources), 57P01-57P03 (shutdown, cannot connect
 * now), 40001/40P01 (serialization failure, deadlock).
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    ['57P01', '57P02', '57P03', '40001', '40P01'].includes(code)
  );
}

/** What node-postgres and its pool say when the server is away (they carry no SQLSTATE then). */
const PG_OUTAGE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated due to connection timeout',
  'connect ECONNREFUSED',
  'the database system is starting up',
  'the database system is shutting down',
];

/** Decides, in one place for every consumer, which of the three failures an error is. */
export function classifyFailure(error: unknown): FailureClass {
  for (const link of causeChain(error)) {
    if (link.name === 'InvalidRecordError') return 'invalid';
    if (isInfrastructure(link)) return 'infrastructure';
  }
  return 'handler';
}

function isInfrastructure(error: ErrorLike): boolean {
  if (error.name !== undefined && KAFKA_OUTAGE_ERRORS.has(error.name)) return true;
  // A kafkajs protocol error the client itself would retry (no leader, not enough replicas...): the cluster
  // is moving, not the record's fault. MESSAGE_TOO_LARGE and the like are not retriable: handler failures.
  if (error.name === 'KafkaJSProtocolError' && error.retriable === true) return true;
  if (typeof error.code === 'string') {
    if (NETWORK_ERROR_CODES.has(error.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(error.code) && isTransientSqlState(error.code)) return true;
  }
  const message = typeof error.message === 'string' ? error.message : '';
  return PG_OUTAGE_MESSAGES.some((text) => message.includes(text));
}

interface ErrorLike {
  name?: string;
  message?: unknown;
  code?: unknown;
  retriable?: unknown;
  cause?: unknown;
  originalError?: unknown;
  driverError?: unknown;
  errors?: unknown;
}

/** The error and what it wraps (`cause`, kafkajs's `originalError`, TypeORM's `driverError`, aggregates). */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < 16) {
    const next = pending.shift();
    if (typeof next !== 'object' || next === null || chain.includes(next)) continue;
    const link = next as ErrorLike;
    chain.push(link);
    pending.push(link.cause, link.originalError, link.driverError);
    if (Array.isArray(link.errors)) pending.push(...(link.errors as unknown[]));
  }
  return chain;
}
