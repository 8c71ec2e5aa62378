import './instrument';
import { createRootLogger } from '@hookline/observability';
import { startSubscriptionService } from './bootstrap';
import { loadSubscriptionConfig } from './config/subscription.config';

async function main(): Promise<void> {
  const config = loadSubscriptionConfig();
  const logger = createRootLogger('subscription', config.logLevel);
  await startSubscriptionService(config, logger);
  logger.info({ port: config.http.port }, 'subscription ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
