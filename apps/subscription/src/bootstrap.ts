import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { startHttpService } from '@hookline/http';
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
    configure: serveOpenApi,
  });
}
