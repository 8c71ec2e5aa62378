import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken, createTokenMatcher } from '@hookline/http';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';

/** Operator routes (creating tenants) take a token from configuration. */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  private readonly matches: (token: string | undefined) => boolean;

  constructor(@Inject(SUBSCRIPTION_CONFIG) config: SubscriptionConfig) {
    this.matches = createTokenMatcher(config.operatorTokens);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    if (!this.matches(bearerToken(request.headers.authorization))) {
      throw new UnauthorizedException('a valid operator token is required');
    }
    return true;
  }
}
