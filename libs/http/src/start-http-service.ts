import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import { Logger } from 'nestjs-pino';
import { fieldErrorsValidationPipe } from './field-errors-validation-pipe';

export interface HttpServiceOptions {
  port: number;
  host: string;
  /** Largest accepted request body, e.g. `256kb`; larger bodies get 413. */
  bodyLimit: string;
  /**
   * Routes that take their body as raw bytes with a limit of their own (e.g. the producer's large batch
   * route, which parses it streamed); the JSON parser and its `bodyLimit` skip them.
   */
  rawBodyRoutes?: Array<{ path: string; limit: string }>;
  /** Last set-up before the server listens, e.g. serving an OpenAPI document (@nestjs/swagger). */
  configure?: (app: INestApplication) => void;
}

/**
 * Boots a service's Nest application the same way everywhere: JSON logs, field-level validation, body limit,
 * and graceful shutdown on SIGTERM/SIGINT (stop consumers, finish in-flight work, then exit).
 */
export async function startHttpService(
  module: DynamicModule,
  options: HttpServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  for (const route of options.rawBodyRoutes ?? []) {
    app.use(route.path, raw({ type: () => true, limit: route.limit }));
  }
  app.useBodyParser('json', { limit: options.bodyLimit });
  app.useGlobalPipes(fieldErrorsValidationPipe());
  app.enableShutdownHooks();
  options.configure?.(app);
  await app.listen(options.port, options.host);
  return app;
}
