import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import {
  bearerToken,
  createTokenLookup,
  enforceRequestRate,
  RequestRateLimiter,
  type CredentialCheck,
} from '@hookline/http';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import type { TokenScope } from './domain/token-scope';

/** Ingest tokens whose buckets are kept: only configured tokens get one, so this is never reached in practice. */
const TRACKED_TOKENS = 1_000;

/** A request whose ingest token was checked, with what that token may publish. */
export interface IngestRequest extends IncomingMessage {
  ingestScope?: TokenScope;
}

/**
 * Upstream systems authenticate with an ingest token from configuration (several allowed, to rotate; each
 * platform-wide or bound to tenants). The check runs before the body is read (as the HTTP layer's credential
 * check) and again as the guard, which then takes one request from the token's bucket: a token over its rate
 * gets 429 with `Retry-After`. The controller refuses events outside the token's tenants.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid ingest token is required';
  private readonly scopeOf: (token: string | undefined) => TokenScope | undefined;
  private readonly rateLimiter: RequestRateLimiter;

  constructor(@Inject(PRODUCER_CONFIG) config: ProducerConfig) {
    this.scopeOf = createTokenLookup(
      config.ingest.tokens.map(({ token, tenants }) => ({
        token,
        grant: tenants === undefined ? {} : { tenants: new Set(tenants) },
      })),
    );
    this.rateLimiter = new RequestRateLimiter({
      ...config.ingest.tokenRateLimit,
      maxPrincipals: TRACKED_TOKENS,
    });
  }

  authenticate(request: IngestRequest): boolean {
    const scope = this.scopeOf(bearerToken(request.headers.authorization));
    if (scope === undefined) return false;
    request.ingestScope = scope;
    return true;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IngestRequest>();
    if (request.ingestScope === undefined && !this.authenticate(request)) {
      throw new UnauthorizedException(this.refusal);
    }
    // Once per request: here, not in `authenticate`, which the HTTP layer calls first. The bucket is keyed by
    // the token's digest, so the limiter holds no token.
    const token = bearerToken(request.headers.authorization) ?? '';
    enforceRequestRate(this.rateLimiter, 'ingest token', createHash('sha256').update(token).digest('hex'));
    return true;
  }
}
