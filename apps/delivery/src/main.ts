import './instrument';
import { startHttpService } from '@hookline/http';
import { createRootLogger } from '@hookline/observability';
import { TenantApiKeyGuard } from '@hookline/subscription-state';
import { loadDeliveryConfig } from './config/delivery.config';
import { DeliveryModule } from './delivery.module';

async function main(): Promise<void> {
  const config = loadDeliveryConfig();
  const logger = createRootLogger('delivery', config.logLevel);
  await startHttpService(DeliveryModule.forRoot(config, logger), {
    ...config.http,
    bodyLimit: '64kb',
    protectedRoutes: (app) => [{ prefix: '/v1/', check: app.get(TenantApiKeyGuard) }],
  });
  logger.info({ port: config.http.port }, 'delivery ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
