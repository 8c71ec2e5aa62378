import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import {
  apiKeyRateLimitConfig,
  ConfigError,
  loadEnv,
  serviceBaseConfig,
  TenantApiEnv,
  toBoolean,
  type ApiKeyRateLimitConfig,
  type ServiceBaseConfig,
} from '@hookline/config';
import { PRIVATE_IPV4_RANGE } from '@hookline/egress';
import packageJson from '../../../../package.json';
import type { CircuitBreakerPolicy } from '../dispatch/domain/circuit-breaker';
import {
  parseDuration,
  parseRetrySchedule,
  retryTiers,
  type RetryPolicy,
} from '../dispatch/domain/retry-schedule';
import { DEFAULT_RETRY_SCHEDULE } from './retry-tier-topic-names';

export class DeliveryEnv extends TenantApiEnv {
  override PORT = 3003;

  /** Same keyring as the subscription service: decrypts endpoint secrets from the subscriptions topic. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be keyId:base64 of 32 bytes, comma-separated',
  })
  SECRET_ENCRYPTION_KEYS!: string;

  /** Total time for one attempt: connect, send, and read the response. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  DELIVERY_TIMEOUT_MS = 15_000;

  /** Bytes of a response body kept for the attempt log. */
  @IsInt()
  @Min(0)
  @Max(65_536)
  DELIVERY_RESPONSE_BODY_LIMIT = 4_096;

  /** Allow endpoints on loopback addresses: tests and local demos only. */
  @Transform(toBoolean)
  @IsBoolean()
  DELIVERY_ALLOW_LOOPBACK = false;

  /**
   * Development only: one private IPv4 range (CIDR) deliveries may reach, e.g. the Docker host's address so a
   * compose stack reaches a receiver on the host (deploy/README.md). Empty: every private range is refused.
   */
  @IsString()
  @Matches(PRIVATE_IPV4_RANGE, { message: 'must be empty or a CIDR inside 10/8, 172.16/12 or 192.168/16' })
  DELIVERY_ALLOW_PRIVATE_RANGE = '';

  /** Wait before each attempt, comma-separated; the first (the attempt on arrival) is 0. */
  @IsString()
  DELIVERY_RETRY_SCHEDULE = DEFAULT_RETRY_SCHEDULE;

  /** ± fraction of each retry delay, at random. */
  @IsNumber()
  @Min(0)
  @Max(0.5)
  DELIVERY_RETRY_JITTER = 0.1;

  /** The longest `Retry-After` honoured (a duration, e.g. 2h). */
  @IsString()
  DELIVERY_RETRY_AFTER_MAX = '2h';

  /** Attempts in flight at once per endpoint. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  DELIVERY_ENDPOINT_CONCURRENCY = 32;

  /**
   * Longest wait for an endpoint's token, or for a slot as predicted from the endpoint's response time, before
   * the delivery is postponed to a retry tier.
   */
  @IsInt()
  @Min(0)
  @Max(60_000)
  DELIVERY_ENDPOINT_MAX_QUEUE_WAIT_MS = 1_000;

  /**
   * An endpoint with every slot taken and no answer for this long (or four of its response times, if longer)
   * is taken for stuck: its waiting work is postponed at once instead of holding the partition.
   */
  @IsInt()
  @Min(10)
  @Max(60_000)
  DELIVERY_ENDPOINT_STUCK_AFTER_MS = 250;

  /** Deliveries that may wait for one endpoint at once; more are postponed to a retry tier. */
  @IsInt()
  @Min(0)
  @Max(100_000)
  DELIVERY_ENDPOINT_MAX_WAITERS = 256;

  /**
   * Attempts in flight at once in this process, across all endpoints: the global cap on fan-out. An attempt
   * its endpoint's gate admitted waits for a slot; keep it well above DELIVERY_ENDPOINT_CONCURRENCY, so a few
   * hanging endpoints cannot take every slot.
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  DELIVERY_GLOBAL_CONCURRENCY = 1_000;

  /** Longest wait for a slot under the global cap before the delivery is postponed to a retry tier. */
  @IsInt()
  @Min(0)
  @Max(120_000)
  DELIVERY_GLOBAL_MAX_QUEUE_WAIT_MS = 10_000;

  /** Consecutive failed attempts that open an endpoint's circuit. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  DELIVERY_CIRCUIT_FAILURE_THRESHOLD = 5;

  /** How long an open circuit sends the endpoint's work straight to the retry tiers before one probe. */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  DELIVERY_CIRCUIT_OPEN_MS = 30_000;

  /**
   * Messages handled at once per partition (events and retry tiers). Keep it above the endpoint concurrency,
   * so one hanging endpoint cannot take every slot; much more only queues work and memory.
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  DELIVERY_IN_FLIGHT_PER_PARTITION = 64;

  /** Kafka session timeout: how soon a crashed instance's partitions move to another. */
  @IsInt()
  @Min(6_000)
  @Max(300_000)
  DELIVERY_SESSION_TIMEOUT_MS = 10_000;

  /** On SIGTERM, how long in-flight attempts may finish before they are handed off uncommitted. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  DELIVERY_SHUTDOWN_GRACE_MS = 20_000;

  /**
   * On a rebalance, how long in-flight attempts may finish and be committed before this process gives its
   * partitions up (the whole group waits meanwhile); what still runs then is sent again by the next owner.
   * 0 turns the drain off. Keep it below DELIVERY_SESSION_TIMEOUT_MS's scale of seconds, not minutes.
   */
  @IsInt()
  @Min(0)
  @Max(30_000)
  DELIVERY_REBALANCE_DRAIN_MS = 5_000;

  /** Keep-alive sockets per receiver origin. */
  @IsInt()
  @Min(1)
  @Max(1_024)
  DELIVERY_CONNECTIONS_PER_ORIGIN = 64;

  /**
   * How long a replay stays owned by its process without a heartbeat (renewed every third of it). When it
   * lapses (the process died), another replica resumes the replay from its last checkpoint.
   */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  DELIVERY_REPLAY_LEASE_MS = 30_000;

  /** Replays whose lease lapsed that one process takes over at once (each reads Kafka with its own consumer). */
  @IsInt()
  @Min(0)
  @Max(100)
  DELIVERY_REPLAY_RESUME_MAX = 4;
}

export interface EndpointLimits {
  concurrency: number;
  maxQueueWaitMs: number;
  maxWaiters: number;
  stuckAfterMs: number;
}

/** The cap on attempts in flight across every endpoint of the process. */
export interface GlobalConcurrencyLimit {
  limit: number;
  maxQueueWaitMs: number;
}

export interface DeliveryConfig extends ServiceBaseConfig {
  secretEncryptionKeys: string;
  egress: {
    timeoutMs: number;
    responseBodyLimit: number;
    allowLoopback: boolean;
    allowedPrivateRange: string;
    userAgent: string;
    connectionsPerOrigin: number;
  };
  retry: RetryPolicy;
  /** Delay of every retry tier topic, ascending; 0 is the lane for work due at once. */
  retryTiers: number[];
  circuit: CircuitBreakerPolicy;
  endpointLimits: EndpointLimits;
  globalConcurrency: GlobalConcurrencyLimit;
  consumers: {
    inFlightPerPartition: number;
    sessionTimeoutMs: number;
    shutdownGraceMs: number;
    rebalanceDrainMs: number;
  };
  replays: { leaseMs: number; resumeMax: number };
  apiKeyRateLimit: ApiKeyRateLimitConfig;
}

export const DELIVERY_CONFIG = Symbol('DELIVERY_CONFIG');

/** Bytes fetched per partition by the events and retry-tier consumers (kafkajs defaults to 1 MiB). */
export const FETCH_BYTES_PER_PARTITION = 256 * 1024;

export const USER_AGENT = `Hookline-Webhooks/${packageJson.version} (+https://github.com/hookline/hookline)`;

export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const parsed = loadEnv(DeliveryEnv, env);
  const retry = retryPolicy(parsed);
  return {
    ...serviceBaseConfig(parsed, 'delivery'),
    secretEncryptionKeys: parsed.SECRET_ENCRYPTION_KEYS,
    egress: {
      timeoutMs: parsed.DELIVERY_TIMEOUT_MS,
      responseBodyLimit: parsed.DELIVERY_RESPONSE_BODY_LIMIT,
      allowLoopback: parsed.DELIVERY_ALLOW_LOOPBACK,
      allowedPrivateRange: parsed.DELIVERY_ALLOW_PRIVATE_RANGE,
      userAgent: USER_AGENT,
      connectionsPerOrigin: parsed.DELIVERY_CONNECTIONS_PER_ORIGIN,
    },
    retry,
    retryTiers: retryTiers(retry),
    circuit: {
      failureThreshold: parsed.DELIVERY_CIRCUIT_FAILURE_THRESHOLD,
      openMs: parsed.DELIVERY_CIRCUIT_OPEN_MS,
    },
    endpointLimits: {
      concurrency: parsed.DELIVERY_ENDPOINT_CONCURRENCY,
      maxQueueWaitMs: parsed.DELIVERY_ENDPOINT_MAX_QUEUE_WAIT_MS,
      maxWaiters: parsed.DELIVERY_ENDPOINT_MAX_WAITERS,
      stuckAfterMs: parsed.DELIVERY_ENDPOINT_STUCK_AFTER_MS,
    },
    globalConcurrency: {
      limit: parsed.DELIVERY_GLOBAL_CONCURRENCY,
      maxQueueWaitMs: parsed.DELIVERY_GLOBAL_MAX_QUEUE_WAIT_MS,
    },
    consumers: {
      inFlightPerPartition: parsed.DELIVERY_IN_FLIGHT_PER_PARTITION,
      sessionTimeoutMs: parsed.DELIVERY_SESSION_TIMEOUT_MS,
      shutdownGraceMs: parsed.DELIVERY_SHUTDOWN_GRACE_MS,
      rebalanceDrainMs: parsed.DELIVERY_REBALANCE_DRAIN_MS,
    },
    replays: { leaseMs: parsed.DELIVERY_REPLAY_LEASE_MS, resumeMax: parsed.DELIVERY_REPLAY_RESUME_MAX },
    apiKeyRateLimit: apiKeyRateLimitConfig(parsed),
  };
}

function retryPolicy(parsed: DeliveryEnv): RetryPolicy {
  const problems: string[] = [];
  let delaysMs: number[] = [];
  try {
    delaysMs = parseRetrySchedule(parsed.DELIVERY_RETRY_SCHEDULE);
  } catch (error) {
    problems.push(`DELIVERY_RETRY_SCHEDULE: ${(error as Error).message}`);
  }
  const retryAfterMaxMs = parseDuration(parsed.DELIVERY_RETRY_AFTER_MAX);
  if (retryAfterMaxMs === undefined) problems.push('DELIVERY_RETRY_AFTER_MAX: must be a duration, e.g. 2h');
  if (problems.length > 0) throw new ConfigError(problems);
  return { delaysMs, jitter: parsed.DELIVERY_RETRY_JITTER, retryAfterMaxMs: retryAfterMaxMs ?? 0 };
}
