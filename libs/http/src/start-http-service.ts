import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Logger } from 'nestjs-pino';
import { MAX_JSON_DEPTH } from '@hookline/contracts';
import {
  AuthenticatedRequests,
  authenticateBeforeBody,
  type ProtectedRoutes,
  type RefusalLog,
} from './authenticate-before-body';
import { fieldErrorsValidationPipe } from './field-errors-validation-pipe';
import { LargeBodySlots } from './large-body-slots';
import { parseRequestBody } from './parse-request-body';
import { parseSize } from './parse-size';
import { RefusalFilter } from './refusal';

/** Inflated bytes any compressed body may have whatever its ratio (small JSON compresses very well). */
const INFLATE_ALLOWANCE_BYTES = 64 * 1024;

export interface HttpServiceOptions {
  port: number;
  host: string;
  /** Largest accepted JSON request body, e.g. `256kb`; larger bodies get 413. */
  bodyLimit: string;
  /** A compressed body may inflate to at most this many times its compressed bytes (413 beyond). */
  maxInflateRatio: number;
  /**
   * Routes that take their body as raw bytes with a limit of their own (e.g. the producer's large batch
   * route, which parses it streamed); the JSON parser and its `bodyLimit` skip them.
   */
  rawBodyRoutes?: Array<{ path: string; limit: string }>;
  /** At most `maxInFlight` bodies over `over` (e.g. `1mb`) received or held at once; 503 + Retry-After beyond. */
  largeBodies?: { over: string; maxInFlight: number };
  /**
   * The route prefixes whose credentials are checked before their body is read, given the application (the
   * checks are its guards). A request under none of them never has its body read.
   */
  protectedRoutes: (app: INestApplication) => ProtectedRoutes[];
  /** Last set-up before the server listens, e.g. serving an OpenAPI document (@nestjs/swagger). */
  configure?: (app: INestApplication) => void;
}

/**
 * Boots a service's Nest application the same way everywhere: JSON logs, credentials checked before any
 * body is read, bounded body parsing, field-level validation, quota and rate-limit refusals (with
 * `Retry-After`), and graceful shutdown on SIGTERM/SIGINT (stop consumers, finish in-flight work, then exit).
 */
export async function startHttpService(
  module: DynamicModule,
  options: HttpServiceOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    bodyParser: false,
  });
  const logger = app.get(Logger);
  app.useLogger(logger);
  answerContinueAfterAuthentication(app.getHttpServer());
  const log: RefusalLog = (request: Request, refusal, cause) =>
    logger.warn(
      {
        method: request.method,
        path: request.path,
        status: refusal.status,
        reason: refusal.message,
        err: cause,
      },
      'request refused before its handler',
    );
  const authenticated = new AuthenticatedRequests();
  app.use(authenticateBeforeBody(options.protectedRoutes(app), authenticated, log));
  app.use(
    parseRequestBody({
      routes: (options.rawBodyRoutes ?? []).map((route) => ({
        path: route.path,
        limitBytes: parseSize(route.limit),
        mode: 'raw' as const,
      })),
      jsonLimitBytes: parseSize(options.bodyLimit),
      maxInflateRatio: options.maxInflateRatio,
      inflateAllowanceBytes: INFLATE_ALLOWANCE_BYTES,
      maxJsonDepth: MAX_JSON_DEPTH,
      largeBodies:
        options.largeBodies === undefined
          ? undefined
          : new LargeBodySlots(parseSize(options.largeBodies.over), options.largeBodies.maxInFlight),
      authenticated,
      log,
    }),
  );
  app.useGlobalPipes(fieldErrorsValidationPipe());
  // Quota and rate-limit refusals carry `Retry-After`, which Nest's default exception filter would drop.
  app.useGlobalFilters(new RefusalFilter());
  app.enableShutdownHooks();
  options.configure?.(app);
  await app.listen(options.port, options.host);
  return app;
}

/**
 * Node answers `Expect: 100-continue` with "100 Continue" before any handler runs, inviting the body of a
 * request nobody has authenticated yet. With a `checkContinue` listener it does not: the request is handled
 * as usual, and the body parser sends "100 Continue" once the credentials passed.
 */
function answerContinueAfterAuthentication(server: Server): void {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    server.emit('request', request, response);
  });
}
