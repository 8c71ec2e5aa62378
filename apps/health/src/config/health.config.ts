import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';
import {
  apiKeyRateLimitConfig,
  loadEnv,
  serviceBaseConfig,
  TenantApiEnv,
  toBoolean,
  type ApiKeyRateLimitConfig,
  type ServiceBaseConfig,
} from '@hookline/config';
import { healthDeadLetterTopic } from './health-topics';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/**
 * Upper bound of the durations compared with timestamps in Postgres: `now - duration` must stay a valid
 * timestamp (far beyond a century every sweep failed with "timestamp out of range").
 */
const CENTURY_MS = 100 * 365 * DAY_MS;

export class HealthEnv extends TenantApiEnv {
  override PORT = 3004;

  /** Consecutive failed attempts after which an endpoint counts as failing rather than degraded. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  HEALTH_FAILING_AFTER_FAILURES = 5;

  /** Zombie policy: a failing endpoint with no success for this long is disabled (Svix: 5 days). */
  @IsInt()
  @Min(1_000)
  @Max(CENTURY_MS)
  HEALTH_DISABLE_AFTER_MS = 5 * DAY_MS;

  /** Zombie policy: disable an endpoint that answers 410 Gone (Standard Webhooks). */
  @Transform(toBoolean)
  @IsBoolean()
  HEALTH_DISABLE_ON_GONE = true;

  /** The sweep retires enabled endpoints with no success (or no life at all) for this long. */
  @IsInt()
  @Min(MINUTE_MS)
  @Max(CENTURY_MS)
  HEALTH_SWEEP_HORIZON_MS = 365 * DAY_MS;

  /** How often the sweep runs; it also re-checks the zombie policy for endpoints that get no attempts. */
  @IsInt()
  @Min(100)
  @Max(DAY_MS)
  HEALTH_SWEEP_INTERVAL_MS = MINUTE_MS;

  /** Attempts and routing records kept for event traces (the outcomes topic keeps 7 days). */
  @IsInt()
  @Min(MINUTE_MS)
  @Max(CENTURY_MS)
  HEALTH_TRACE_RETENTION_MS = 7 * DAY_MS;

  /**
   * Simulated milliseconds per real millisecond, from process start: 1 is real time. Tests and demos compress
   * days into seconds with it; the policy and the windows then run on that clock, no code changes needed.
   */
  @IsNumber()
  @Min(0.001)
  @Max(1e9)
  HEALTH_CLOCK_RATE = 1;

  /** Added to the clock at process start (e.g. a year, to see what the sweep would retire). */
  @IsInt()
  @Min(-CENTURY_MS)
  @Max(CENTURY_MS)
  HEALTH_CLOCK_OFFSET_MS = 0;

  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 200;

  @IsInt()
  @Min(10)
  @Max(3_600_000)
  OUTBOX_POLL_INTERVAL_MS = 1_000;
}

export interface RetirementPolicy {
  failingAfterFailures: number;
  disableAfterMs: number;
  disableOnGone: boolean;
  sweepHorizonMs: number;
}

export interface HealthConfig extends ServiceBaseConfig {
  policy: RetirementPolicy;
  sweepIntervalMs: number;
  traceRetentionMs: number;
  clock: { rate: number; offsetMs: number };
  outbox: { batchSize: number; pollIntervalMs: number };
  /** Where invalid outcome and routing records go, with the reason in their headers. */
  deadLetterTopic: string;
  apiKeyRateLimit: ApiKeyRateLimitConfig;
}

export const HEALTH_CONFIG = Symbol('HEALTH_CONFIG');

export function loadHealthConfig(env: NodeJS.ProcessEnv = process.env): HealthConfig {
  const parsed = loadEnv(HealthEnv, env);
  return {
    ...serviceBaseConfig(parsed, 'health'),
    policy: {
      failingAfterFailures: parsed.HEALTH_FAILING_AFTER_FAILURES,
      disableAfterMs: parsed.HEALTH_DISABLE_AFTER_MS,
      disableOnGone: parsed.HEALTH_DISABLE_ON_GONE,
      sweepHorizonMs: parsed.HEALTH_SWEEP_HORIZON_MS,
    },
    sweepIntervalMs: parsed.HEALTH_SWEEP_INTERVAL_MS,
    traceRetentionMs: parsed.HEALTH_TRACE_RETENTION_MS,
    clock: { rate: parsed.HEALTH_CLOCK_RATE, offsetMs: parsed.HEALTH_CLOCK_OFFSET_MS },
    outbox: { batchSize: parsed.OUTBOX_BATCH_SIZE, pollIntervalMs: parsed.OUTBOX_POLL_INTERVAL_MS },
    deadLetterTopic: healthDeadLetterTopic(parsed.KAFKA_TOPIC_NAMESPACE),
    apiKeyRateLimit: apiKeyRateLimitConfig(parsed),
  };
}
