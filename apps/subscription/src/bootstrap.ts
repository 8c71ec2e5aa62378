import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startHttpService } from '@hookline/http';
import { OperatorTokenGuard } from './auth/operator-token.guard';
import { TenantKeyGuard } from './auth/tenant-key.guard';
import type { SubscriptionConfig } from './config/subscription.config';
import { serveOpenApi } from './openapi/openapi-document';
import { SubscriptionModule, type SubscriptionModuleOptions } from './subscription.module';

/** Boots the service; main.ts and the integration tests start it the same way. */
export function startSubscriptionService(
  config: SubscriptionConfig,
  logger: Logger,
  options: SubscriptionModuleOptions = {},
): Promise<INestApplication> {
  return startHttpService(SubscriptionModule.forRoot(config, logger, options), {
    ...config.http,
    bodyLimit: '64kb',
    // Operator routes first: the first matching prefix decides which credential a request must present.
    protectedRoutes: (app) => [
      { prefix: '/v1/tenants', check: app.get(OperatorTokenGuard) },
      { prefix: '/v1/admin', check: app.get(OperatorTokenGuard) },
      { prefix: '/v1/', check: app.get(TenantKeyGuard) },
    ],
    configure: serveOpenApi,
  });
}
