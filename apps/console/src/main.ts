import './instrument';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createRootLogger } from '@hookline/observability';
import { loadConsoleConfig } from './config/console.config';
import { ConsoleModule } from './console.module';
import { CONSOLE_ASSETS_DIR, CONSOLE_SECURITY_HEADERS } from './pages/console-assets';
import { frontDoor } from './front-door/front-door.middleware';

async function main(): Promise<void> {
  const config = loadConsoleConfig();
  const logger = createRootLogger('console', config.logLevel);
  // No body parser: proxied bodies stream through untouched; the console's own routes take no body.
  const app = await NestFactory.create<NestExpressApplication>(ConsoleModule.forRoot(config, logger), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(
    frontDoor({
      ...config.proxy,
      upstreams: config.upstreams,
      exposeOperatorApi: config.exposeOperatorApi,
      logger,
    }),
  );
  app.useStaticAssets(join(CONSOLE_ASSETS_DIR, 'assets'), {
    prefix: '/console/assets/',
    index: false,
    setHeaders: (response: ServerResponse) => {
      for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) response.setHeader(name, value);
      response.setHeader('cache-control', 'no-cache');
    },
  });
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
  logger.info({ port: config.http.port, upstreams: config.upstreams }, 'console and front door ready');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
