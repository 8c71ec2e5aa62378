import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken, createTokenMatcher } from '@hookline/http';
import { PRODUCER_CONFIG, type ProducerConfig } from '../config/producer.config';

/** Upstream systems authenticate with an ingest token from configuration (several allowed, to rotate). */
@Injectable()
export class IngestTokenGuard implements CanActivate {
  private readonly matches: (token: string | undefined) => boolean;

  constructor(@Inject(PRODUCER_CONFIG) config: ProducerConfig) {
    this.matches = createTokenMatcher(config.ingest.tokens);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (!this.matches(bearerToken(request.headers.authorization))) {
      throw new UnauthorizedException('a valid ingest token is required');
    }
    return true;
  }
}
