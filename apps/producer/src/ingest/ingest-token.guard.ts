import type { IncomingMessage } from 'node:http';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken, createTokenMatcher, type CredentialCheck } from '@hookline/http';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';

/** A request whose ingest token was checked. */
export interface IngestRequest extends IncomingMessage {
  ingestTokenChecked?: true;
}

/**
 * Upstream systems authenticate with an ingest token from configuration (several allowed, to rotate). The
 * check runs before the body is read (as the HTTP layer's credential check) and again as the guard.
 */
@Injectable()
export class IngestTokenGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid ingest token is required';
  private readonly matches: (token: string | undefined) => boolean;

  constructor(@Inject(PRODUCER_CONFIG) config: ProducerConfig) {
    this.matches = createTokenMatcher(config.ingest.tokens);
  }

  authenticate(request: IngestRequest): boolean {
    if (!this.matches(bearerToken(request.headers.authorization))) return false;
    request.ingestTokenChecked = true;
    return true;
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<IngestRequest>();
    if (request.ingestTokenChecked !== true && !this.authenticate(request)) {
      throw new UnauthorizedException(this.refusal);
    }
    return true;
  }
}
