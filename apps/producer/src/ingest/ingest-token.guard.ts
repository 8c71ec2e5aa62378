import type { IncomingMessage } from 'node:http';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken, createTokenLookup, type CredentialCheck } from '@hookline/http';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';
import type { TokenScope } from './domain/token-scope';

/** A request whose ingest token was checked, with what that token may publish. */
export interface IngestRequest extends IncomingMessage {
  ingestScope?: TokenScope;
}

/**
 * Upstream systems authenticate with an ingest token from configuration (several allowed, to rotate; each
 * platform-wide or bound to tenants). The check runs before the body is read (as the HTTP layer's credential
 * check) and again as the guard; the controller refuses events outside the token's tenants.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid ingest token is required';
  private readonly scopeOf: (token: string | undefined) => TokenScope | undefined;

  constructor(@Inject(PRODUCER_CONFIG) config: ProducerConfig) {
    this.scopeOf = createTokenLookup(
      config.ingest.tokens.map(({ token, tenants }) => ({
        token,
        grant: tenants === undefined ? {} : { tenants: new Set(tenants) },
      })),
    );
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
    return true;
  }
}
