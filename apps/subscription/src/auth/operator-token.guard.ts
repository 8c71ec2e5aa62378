import type { IncomingMessage } from 'node:http';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { bearerToken, createTokenMatcher, type CredentialCheck } from '@hookline/http';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../config/subscription.config';

/**
 * Operator routes (creating tenants) take a token from configuration. The check runs before the body is read
 * (as the HTTP layer's credential check for the operator routes) and as the guard.
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate, CredentialCheck {
  readonly refusal = 'a valid operator token is required';
  private readonly matches: (token: string | undefined) => boolean;

  constructor(@Inject(SUBSCRIPTION_CONFIG) config: SubscriptionConfig) {
    this.matches = createTokenMatcher(config.operatorTokens);
  }

  authenticate(request: IncomingMessage): boolean {
    return this.matches(bearerToken(request.headers.authorization));
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.authenticate(context.switchToHttp().getRequest<IncomingMessage>())) {
      throw new UnauthorizedException(this.refusal);
    }
    return true;
  }
}
