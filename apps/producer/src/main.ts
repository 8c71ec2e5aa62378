import './instrument';
import { startHttpService } from '@hookline/http';
import { createRootLogger } from '@hookline/observability';
import { loadProducerConfig } from './config/producer.config';
import { BATCHES_ROUTE } from './ingest/ingest.controller';
import { IngestTokenGuard } from './ingest/ingest-token.guard';
import { ProducerModule } from './producer.module';

async function main(): Promise<void> {
  const config = loadProducerConfig();
  const logger = createRootLogger('producer', config.logLevel);
  if (config.outbox.testPause !== undefined) {
    logger.warn({ testPause: config.outbox.testPause }, 'OUTBOX_TEST_PAUSE is set: for fault tests only');
  }
  await startHttpService(ProducerModule.forRoot(config, logger), {
    ...config.http,
    bodyLimit: config.ingest.bodyLimit,
    rawBodyRoutes: [{ path: BATCHES_ROUTE, limit: config.ingest.batchBodyLimit }],
    largeBodies: config.ingest.largeBodies,
    protectedRoutes: (app) => [{ prefix: '/v1/', check: app.get(IngestTokenGuard) }],
  });
  logger.info({ port: config.http.port }, 'producer ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
