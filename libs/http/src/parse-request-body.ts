import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { AuthenticatedRequests, RefusalLog } from './authenticate-before-body';
import { BodyRefusal } from './body-refusal';
import type { LargeBodySlots } from './large-body-slots';
import { readRequestBody, type BodyReadLimits } from './read-request-body';

export interface BodyRoute {
  /** Path prefix (case-insensitive); the first matching route decides, the JSON default applies elsewhere. */
  path: string;
  limitBytes: number;
  /** `raw`: the handler takes the bytes (and parses them streamed); `json`: parsed here. */
  mode: 'raw' | 'json';
}

export interface BodyParsingOptions {
  routes: BodyRoute[];
  jsonLimitBytes: number;
  maxInflateRatio: number;
  inflateAllowanceBytes: number;
  maxJsonDepth: number;
  largeBodies?: LargeBodySlots;
  authenticated: AuthenticatedRequests;
  log: RefusalLog;
}

/**
 * The only body parser: reads (see readRequestBody) only the bodies of requests an authentication step let
 * through, then sets `request.body` to the bytes (raw routes) or the parsed JSON (JSON content types; other
 * content types are left unread, as Express's JSON parser leaves them). A refusal is answered here, in the
 * same JSON shape as Nest's exceptions.
 */
export function parseRequestBody(options: BodyParsingOptions) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!hasBody(request) || !options.authenticated.has(request)) return next();
    const path = request.path.toLowerCase();
    const route = options.routes.find((candidate) => path.startsWith(candidate.path.toLowerCase()));
    const mode = route?.mode ?? 'json';
    if (mode === 'json' && !isJson(request)) return next();
    const limits: BodyReadLimits = {
      limitBytes: route?.limitBytes ?? options.jsonLimitBytes,
      maxInflateRatio: options.maxInflateRatio,
      inflateAllowanceBytes: options.inflateAllowanceBytes,
      maxJsonDepth: options.maxJsonDepth,
      largeBodies: options.largeBodies,
      beforeReading: () => {
        if (/^100-continue$/i.test(request.headers.expect ?? '')) response.writeContinue();
      },
    };
    readRequestBody(request, limits).then(
      ({ bytes, release }) => {
        response.once('close', release);
        if (mode === 'raw') {
          request.body = bytes;
          return next();
        }
        try {
          request.body = JSON.parse(bytes.toString('utf8')) as unknown;
        } catch (error) {
          release();
          return refuse(request, response, invalidJson(error), options.log);
        }
        next();
      },
      (refusal: unknown) => {
        if (refusal instanceof BodyRefusal) refuse(request, response, refusal, options.log);
        else next(refusal);
      },
    );
  };
}

function refuse(request: Request, response: Response, refusal: BodyRefusal, log: RefusalLog): void {
  log(request, refusal);
  const retryAfter = refusal.options.retryAfterSeconds;
  if (retryAfter !== undefined) response.setHeader('retry-after', String(retryAfter));
  response.status(refusal.status).json(refusal.answer());
}

function invalidJson(error: unknown): BodyRefusal {
  return new BodyRefusal(400, 'Validation failed', {
    errors: [{ field: '(root)', message: `is not valid JSON (${(error as Error).message})` }],
  });
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(request: IncomingMessage): boolean {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}
