import { IsInt, Max, Min } from 'class-validator';
import { CommonEnv } from './common-env';

/** Settings of the services that serve the tenant API (subscription, delivery, health). */
export class TenantApiEnv extends CommonEnv {
  /**
   * Requests per second one tenant API key may make to one process, sustained; beyond it (and its burst) a
   * request gets 429 with `Retry-After`. Per process: with N replicas a key gets up to N times this.
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  API_KEY_RATE_PER_SECOND = 50;

  /** Requests one API key may make at once after a quiet spell (the size of its token bucket). */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  API_KEY_RATE_BURST = 100;

  /** API keys whose buckets a process keeps (the least recently seen are forgotten first): bounds the memory. */
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  API_KEY_RATE_TRACKED_KEYS = 10_000;
}

export interface ApiKeyRateLimitConfig {
  perSecond: number;
  burst: number;
  maxPrincipals: number;
}

export function apiKeyRateLimitConfig(env: TenantApiEnv): ApiKeyRateLimitConfig {
  return {
    perSecond: env.API_KEY_RATE_PER_SECOND,
    burst: env.API_KEY_RATE_BURST,
    maxPrincipals: env.API_KEY_RATE_TRACKED_KEYS,
  };
}
