import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);

/**
 * Parses a boolean setting strictly: `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off` (any case). Anything
 * else is left as it is, so `@IsBoolean()` refuses it at boot: `KAFKA_SSL=ture` must stop the service, not
 * quietly mean false.
 */
const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const word = value.toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
};

/** Settings every Hookline service shares: Kafka, Postgres, HTTP and logging. */
export class CommonEnv {
  @IsString()
  @Matches(/^[^,\s]+(,[^,\s]+)*$/, { message: 'must be a comma-separated list of host:port' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Prefix for every topic and consumer group, so installations can share a cluster. */
  @IsString()
  @Matches(/^[a-zA-Z0-9._-]*$/)
  KAFKA_TOPIC_NAMESPACE = '';

  @Transform(toBoolean)
  @IsBoolean()
  KAFKA_SSL = false;

  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_SSL = false;

  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Longest wait for a Postgres connection, new or from a full pool; past it the operation fails (the
   * producer answers 503 + Retry-After) instead of hanging while Postgres is unreachable.
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5_000;

  /**
   * Longest a statement may run (Postgres `statement_timeout`, and a client-side timer just after it for a
   * server that stopped answering); 0 for no limit. Migrations run without it.
   */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 0;

  /** Apply pending migrations when the service starts (turn off where a deploy job migrates). */
  @Transform(toBoolean)
  @IsBoolean()
  DATABASE_MIGRATE_ON_START = true;

  /** Create missing topics at start (turn off where the cluster's ACLs forbid it and a job provisions). */
  @Transform(toBoolean)
  @IsBoolean()
  KAFKA_CREATE_TOPICS = true;

  /** Partitions of the high-rate topics when this service creates them: the ceiling on consumer replicas. */
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS = 6;

  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR = 1;

  /**
   * Largest Kafka record batch (bytes): set as `max.message.bytes` on every topic Hookline creates, and every
   * record is checked against it before publish (a larger one is refused, never retried). Above 1 MiB every
   * consumer fetches larger batches; keep it at or below the brokers' `message.max.bytes` for topics made by hand.
   */
  @IsInt()
  @Min(65_536)
  @Max(8_388_608)
  KAFKA_MAX_MESSAGE_BYTES = 1_048_576;

  /**
   * Attempts every consumer makes at a record whose handling throws (not an outage, not an invalid record)
   * before it dead-letters the record with the error and moves on.
   */
  @IsInt()
  @Min(1)
  @Max(100)
  CONSUMER_MAX_HANDLER_ATTEMPTS = 5;

  /** Backoff before a consumer's second attempt at a failed record; it doubles with every failure. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  CONSUMER_RETRY_BACKOFF_MS = 200;

  /** Ceiling of that backoff, also between attempts while Kafka or Postgres is unreachable (no limit on those). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  CONSUMER_RETRY_BACKOFF_MAX_MS = 30_000;

  @IsString()
  HOST = '0.0.0.0';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /**
   * A compressed request body (gzip, deflate, br) may inflate to at most this many times the bytes received
   * so far (any body may inflate to 64 KiB); beyond, 413 while it streams, so a gzip bomb costs ratio × its size.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  HTTP_MAX_INFLATE_RATIO = 20;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

export { toBoolean };
