import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { RequestRateLimit, RequestRateLimiter } from './request-rate-limiter';

/** A quota a request ran into: its limit and what is in use (this window's count, for a per-minute one). */
export interface QuotaUsage {
  name: string;
  limit: number;
  usage: number;
  /** Per-minute quotas: when the current window ends and the count starts again from 0. */
  resetsAt?: Date;
  /** What the client can do about it, appended to the message. */
  hint?: string;
}

/**
 * The one scheme every service answers a refused request with:
 * - a count quota at its limit: 409 `QUOTA_EXCEEDED`, naming the quota, its limit and its usage;
 * - a per-minute quota used up: 429 `QUOTA_EXCEEDED` with `Retry-After` (seconds until the next minute);
 * - a request rate limit: 429 `RATE_LIMITED` with `Retry-After`.
 */
export enum RefusalCode {
  QuotaExceeded = 'QUOTA_EXCEEDED',
  RateLimited = 'RATE_LIMITED',
}

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

function hintText(quota: QuotaUsage): string {
  return quota.hint === undefined ? '' : `; ${quota.hint}`;
}

/** Whole seconds, at least 1: `Retry-After: 0` would invite an immediate retry that is refused again. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1_000));
}

export function quotaRefusal(quota: QuotaUsage, now: Date): Refusal {
  const quotaBody = { name: quota.name, limit: quota.limit, usage: quota.usage };
  if (quota.resetsAt === undefined) {
    return {
      status: 409,
      headers: {},
      body: {
        statusCode: 409,
        code: RefusalCode.QuotaExceeded,
        message: `quota ${quota.name} reached: ${quota.usage} of ${quota.limit} in use${hintText(quota)}`,
        quota: quotaBody,
      },
    };
  }
  const seconds = retryAfterSeconds(quota.resetsAt.getTime() - now.getTime());
  return {
    status: 429,
    headers: { 'Retry-After': String(seconds) },
    body: {
      statusCode: 429,
      code: RefusalCode.QuotaExceeded,
      message: `quota ${quota.name} reached: ${quota.usage} of ${quota.limit} this minute; retry in ${seconds} s`,
      quota: { ...quotaBody, resetsAt: quota.resetsAt.toISOString() },
      retryAfterSeconds: seconds,
    },
  };
}

export function rateLimitRefusal(kind: string, limit: RequestRateLimit, retryAfterMs: number): Refusal {
  const seconds = retryAfterSeconds(retryAfterMs);
  return {
    status: 429,
    headers: { 'Retry-After': String(seconds) },
    body: {
      statusCode: 429,
      code: RefusalCode.RateLimited,
      message: `too many requests for this ${kind}: ${limit.perSecond} per second (bursts of ${limit.burst}); retry in ${seconds} s`,
      rateLimit: { perSecond: limit.perSecond, burst: limit.burst },
      retryAfterSeconds: seconds,
    },
  };
}

/** A refusal thrown from a guard or a use case; `RefusalFilter` writes it, headers included. */
export class RefusalException extends HttpException {
  constructor(readonly refusal: Refusal) {
    super(refusal.body, refusal.status);
  }
}

/** Takes one request from the principal's bucket, or throws the 429 (`kind` names what it is: "API key"). */
export function enforceRequestRate(limiter: RequestRateLimiter, kind: string, principal: string): void {
  const decision = limiter.take(principal);
  if (!decision.allowed) {
    throw new RefusalException(rateLimitRefusal(kind, limiter.limit, decision.retryAfterMs));
  }
}

/** Writes a `RefusalException` with its headers (`Retry-After`), which Nest's default filter would drop. */
@Catch(RefusalException)
export class RefusalFilter implements ExceptionFilter<RefusalException> {
  catch(exception: RefusalException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    writeRefusal(response, exception.refusal);
  }
}

export function writeRefusal(response: Response, refusal: Refusal): void {
  for (const [name, value] of Object.entries(refusal.headers)) response.setHeader(name, value);
  response.status(refusal.status).json(refusal.body);
}
