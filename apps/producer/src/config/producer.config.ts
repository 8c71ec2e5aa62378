import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { CommonEnv, loadEnv, serviceBaseConfig, toBoolean, type ServiceBaseConfig } from '@hookline/config';
import type { RelayPausePoint } from '@hookline/outbox';
import { INGEST_TOKENS_PATTERN, parseIngestTokens, type IngestTokenGrant } from './ingest-tokens';

const SIZE = /^\d+(kb|mb)$/i;

export class ProducerEnv extends CommonEnv {
  override PORT = 3001;

  /** The producer's statements are small and many; one that runs this long means Postgres is in trouble. */
  override DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /**
   * Shared secret(s) upstream systems present as `Authorization: Bearer …`; comma-separated to rotate. A
   * token may be bound to tenants, `token@tenantA|tenantB`: it then publishes for those tenants only (403 for
   * others); a token without `@` publishes for every tenant.
   */
  @IsString()
  @Matches(INGEST_TOKENS_PATTERN, {
    message:
      'must be comma-separated tokens of ≥ 16 characters, each optionally bound as token@tenantA|tenantB',
  })
  INGEST_TOKENS!: string;

  /**
   * Requests per second one ingest token may make to one producer process, sustained; beyond it (and its
   * burst) 429 with `Retry-After`. Per process: with N replicas a token gets up to N times this.
   */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  INGEST_TOKEN_RATE_PER_SECOND = 2_000;

  /** Requests one ingest token may make at once after a quiet spell (the size of its token bucket). */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  INGEST_TOKEN_RATE_BURST = 4_000;

  /** Largest body `POST /v1/events` takes (one event, an array, or a small batch operation). */
  @IsString()
  @Matches(SIZE, { message: 'must look like 256kb or 1mb' })
  INGEST_BODY_LIMIT = '256kb';

  /** Largest body `POST /v1/batches` takes; parsed streamed, so memory holds the bytes, never the events. */
  @IsString()
  @Matches(SIZE, { message: 'must look like 32mb' })
  INGEST_BATCH_BODY_LIMIT = '32mb';

  /** A request body over this size is "large": at most `INGEST_MAX_LARGE_BODIES` are received or held at once. */
  @IsString()
  @Matches(SIZE, { message: 'must look like 1mb' })
  INGEST_LARGE_BODY_OVER = '1mb';

  /** Large bodies (see `INGEST_LARGE_BODY_OVER`) in flight per process; more get 503 with `Retry-After: 1`. */
  @IsInt()
  @Min(1)
  @Max(64)
  INGEST_MAX_LARGE_BODIES = 2;

  @IsInt()
  @Min(1)
  @Max(10_000_000)
  INGEST_MAX_BATCH_SUBJECTS = 1_000_000;

  /** Largest `data` of one event, as JSON; never above KAFKA_MAX_MESSAGE_BYTES less 16 KiB (one Kafka record). */
  @IsInt()
  @Min(1_024)
  @Max(900 * 1_024)
  INGEST_MAX_DATA_BYTES = 256 * 1_024;

  /** Events are written in chunks of this many; a batch never holds more expanded events at once. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  INGEST_CHUNK_SIZE = 1_000;

  /**
   * Events from `POST /v1/events` waiting for a transaction (group commit) at once; beyond, 503 with
   * `Retry-After: 1` instead of memory growing while Postgres is slow or unreachable.
   */
  @IsInt()
  @Min(1_000)
  @Max(1_000_000)
  INGEST_MAX_QUEUED_EVENTS = 20_000;

  @IsInt()
  @Min(1)
  @Max(24 * 30)
  INGEST_DEDUPE_WINDOW_HOURS = 24;

  @IsInt()
  @Min(1_000)
  // A timer: Node caps timers at 2^31-1 ms and fires longer ones at once.
  @Max(86_400_000)
  INGEST_DEDUPE_PURGE_INTERVAL_MS = 10 * 60_000;

  /** Reject events for tenants the subscriptions topic does not know (400 / dead-letter). */
  @Transform(toBoolean)
  @IsBoolean()
  INGEST_REQUIRE_KNOWN_TENANT = true;

  /** How long an unknown tenant is waited for first: a tenant created a moment ago may still be in flight. */
  @IsInt()
  @Min(0)
  @Max(30_000)
  INGEST_UNKNOWN_TENANT_WAIT_MS = 2_000;

  @Transform(toBoolean)
  @IsBoolean()
  INGEST_CONSUMER_ENABLED = true;

  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 1_000;

  @IsInt()
  @Min(10)
  // A timer: Node caps timers at 2^31-1 ms and fires longer ones at once.
  @Max(3_600_000)
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  /** An abandoned relay transaction holds back read_committed consumers for at most this long. */
  @IsInt()
  @Min(1_000)
  @Max(900_000)
  OUTBOX_TRANSACTION_TIMEOUT_MS = 10_000;

  /** Test-only fault injection, `<point>:<ms>` (e.g. `after-kafka-commit:5000`); empty in production. */
  @IsString()
  @Matches(/^((after-read|before-kafka-commit|after-kafka-commit):\d+)?$/, {
    message: 'must be empty or <after-read|before-kafka-commit|after-kafka-commit>:<ms>',
  })
  OUTBOX_TEST_PAUSE = '';
}

export interface ProducerConfig extends ServiceBaseConfig {
  ingest: {
    tokens: IngestTokenGrant[];
    tokenRateLimit: { perSecond: number; burst: number };
    bodyLimit: string;
    batchBodyLimit: string;
    largeBodies: { over: string; maxInFlight: number };
    maxBatchSubjects: number;
    chunkSize: number;
    maxQueuedEvents: number;
    dedupeWindowHours: number;
    dedupePurgeIntervalMs: number;
    requireKnownTenant: boolean;
    maxDataBytes: number;
    unknownTenantWaitMs: number;
    consumerEnabled: boolean;
  };
  outbox: {
    batchSize: number;
    pollIntervalMs: number;
    transactionTimeoutMs: number;
    testPause?: { point: RelayPausePoint; ms: number };
  };
}

export const PRODUCER_CONFIG = Symbol('PRODUCER_CONFIG');

export function loadProducerConfig(env: NodeJS.ProcessEnv = process.env): ProducerConfig {
  const parsed = loadEnv(ProducerEnv, env);
  return {
    ...serviceBaseConfig(parsed, 'producer'),
    ingest: {
      tokens: parseIngestTokens(parsed.INGEST_TOKENS),
      tokenRateLimit: {
        perSecond: parsed.INGEST_TOKEN_RATE_PER_SECOND,
        burst: parsed.INGEST_TOKEN_RATE_BURST,
      },
      bodyLimit: parsed.INGEST_BODY_LIMIT,
      batchBodyLimit: parsed.INGEST_BATCH_BODY_LIMIT,
      largeBodies: { over: parsed.INGEST_LARGE_BODY_OVER, maxInFlight: parsed.INGEST_MAX_LARGE_BODIES },
      maxBatchSubjects: parsed.INGEST_MAX_BATCH_SUBJECTS,
      chunkSize: parsed.INGEST_CHUNK_SIZE,
      maxQueuedEvents: parsed.INGEST_MAX_QUEUED_EVENTS,
      dedupeWindowHours: parsed.INGEST_DEDUPE_WINDOW_HOURS,
      dedupePurgeIntervalMs: parsed.INGEST_DEDUPE_PURGE_INTERVAL_MS,
      requireKnownTenant: parsed.INGEST_REQUIRE_KNOWN_TENANT,
      maxDataBytes: maxDataBytes(parsed),
      unknownTenantWaitMs: parsed.INGEST_UNKNOWN_TENANT_WAIT_MS,
      consumerEnabled: parsed.INGEST_CONSUMER_ENABLED,
    },
    outbox: {
      batchSize: parsed.OUTBOX_BATCH_SIZE,
      pollIntervalMs: parsed.OUTBOX_POLL_INTERVAL_MS,
      transactionTimeoutMs: parsed.OUTBOX_TRANSACTION_TIMEOUT_MS,
      testPause: parseTestPause(parsed.OUTBOX_TEST_PAUSE),
    },
  };
}

function parseTestPause(value: string): ProducerConfig['outbox']['testPause'] {
  if (value === '') return undefined;
  const [point, ms] = value.split(':');
  return { point: point as RelayPausePoint, ms: Number(ms) };
}

/**
 * Room in an event's Kafka record for everything around `data`: the envelope (bounded fields) and the
 * headers delivery adds when it moves the event to a retry tier or a dead-letter topic.
 */
const EVENT_RECORD_HEADROOM_BYTES = 16 * 1_024;

/**
 * `INGEST_MAX_DATA_BYTES`, never more than fits in one Kafka record (`KAFKA_MAX_MESSAGE_BYTES` less the
 * headroom): an event too large for its record is refused at ingest (400 naming the limit), not found
 * out by Kafka later.
 */
function maxDataBytes(parsed: ProducerEnv): number {
  return Math.min(parsed.INGEST_MAX_DATA_BYTES, parsed.KAFKA_MAX_MESSAGE_BYTES - EVENT_RECORD_HEADROOM_BYTES);
}
