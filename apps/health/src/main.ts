import './instrument';
import { startHttpService } from '@hookline/http';
import { createRootLogger } from '@hookline/observability';
import { TenantApiKeyGuard } from '@hookline/subscription-state';
import { loadHealthConfig } from './config/health.config';
import { HealthServiceModule } from './health-service.module';

async function main(): Promise<void> {
  const config = loadHealthConfig();
  const logger = createRootLogger('health', config.logLevel);
  await startHttpService(HealthServiceModule.forRoot(config, logger), {
    ...config.http,
    bodyLimit: '64kb',
    protectedRoutes: (app) => [{ prefix: '/v1/', check: app.get(TenantApiKeyGuard) }],
  });
  logger.info({ port: config.http.port }, 'health ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
