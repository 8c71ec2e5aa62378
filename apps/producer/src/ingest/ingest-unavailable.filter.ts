import { Catch, Inject, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { RefusalException, writeRefusal } from '@hookline/http';
import { ROOT_LOGGER } from '@hookline/observability';
import { IngestUnavailableError, isDatabaseUnavailable } from './domain/ingest-unavailable';

/** How long a client should wait before retrying while Postgres does not answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Ingest routes: a submission that could not be recorded because Postgres is unreachable or overloaded, or
 * because the queue in front of it is full, is answered 503 with `Retry-After` (the client retries the same
 * ids; nothing was accepted), not 500. A rate refusal keeps its `Retry-After` (this filter catches everything on
 * these routes, before the application-wide refusal filter). Every other error goes to Nest's own handling.
 */
@Catch()
export class IngestUnavailableFilter extends BaseExceptionFilter {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {
    super();
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    if (error instanceof RefusalException) {
      writeRefusal(host.switchToHttp().getResponse<Response>(), error.refusal);
      return;
    }
    const unavailable =
      error instanceof IngestUnavailableError
        ? error
        : isDatabaseUnavailable(error)
          ? new IngestUnavailableError(
              `the event store is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s`,
              DATABASE_RETRY_AFTER_SECONDS,
            )
          : undefined;
    if (unavailable === undefined) return super.catch(error, host);
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    this.logger.warn(
      { err: error, path: request.path, retryAfterSeconds: unavailable.retryAfterSeconds },
      'submission not recorded: ingest unavailable',
    );
    http
      .getResponse<Response>()
      .setHeader('retry-after', String(unavailable.retryAfterSeconds))
      .status(503)
      .json({ statusCode: 503, error: 'Service Unavailable', message: unavailable.message });
  }
}
