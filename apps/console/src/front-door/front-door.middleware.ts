import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createProxyMiddleware, type RequestHandler } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { BodyLimit, BodyTooLargeError, declaredLengthOver } from './body-limit';
import {
  FRONT_DOOR_ROUTES,
  isApiPath,
  openApiRoute,
  routeMatcher,
  type UpstreamService,
} from './domain/route-table';

export interface FrontDoorOptions {
  upstreams: Record<UpstreamService, string>;
  exposeOperatorApi: boolean;
  bodyLimitBytes: number;
  timeoutMs: number;
  maxSockets: number;
  logger: Logger;
}

type ProxiedRequest = IncomingMessage & {
  frontDoor?: { service: UpstreamService; startedAt: number; upstream?: { destroy(): void } };
};
type Next = (error?: unknown) => void;

/**
 * The front door: every `/v1` path goes to the service that owns it (the chart's Ingress table), streamed
 * both ways by http-proxy-middleware, with a body limit, an upstream timeout and pooled connections; any
 * other path falls through to the console. A `/v1` path no service owns (or a hidden operator route)
 * answers 404 here.
 */
export function frontDoor(
  options: FrontDoorOptions,
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const route = routeMatcher(FRONT_DOOR_ROUTES, { exposeOperatorApi: options.exposeOperatorApi });
  const proxy: RequestHandler = createProxyMiddleware<ProxiedRequest, ServerResponse>({
    agent: new Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    xfwd: true,
    proxyTimeout: options.timeoutMs,
    timeout: options.timeoutMs,
    router: (req, res, proxyOptions) => {
      const proxied = req.frontDoor;
      if (proxied === undefined) throw new Error('front door: request was not routed');
      // Streamed through the limit, never buffered: httpxy reads `buffer` instead of the request.
      const limited = new BodyLimit(options.bodyLimitBytes);
      limited.on('error', (error) => res !== undefined && refuseOversized(error, req, res, options));
      proxyOptions.buffer = req.pipe(limited);
      return options.upstreams[proxied.service];
    },
    on: {
      proxyReq: (upstream, req) => {
        if (req.frontDoor !== undefined) req.frontDoor.upstream = upstream;
      },
      error: (error, req, res) => answerProxyError(error, req, res, options),
    },
  });

  return (req, res, next) => {
    const path = new URL(req.url ?? '/', 'http://front-door').pathname;
    const document = openApiRoute(path);
    if (document !== undefined) req.url = document.path;
    const service = document?.service ?? route(path);
    if (service === undefined) {
      if (isApiPath(path)) return void sendJson(res, 404, 'Not Found', `no service answers ${path} here`);
      return next();
    }
    if (declaredLengthOver(req.headers['content-length'], options.bodyLimitBytes)) {
      return void sendJson(
        res,
        413,
        'Payload Too Large',
        `request body over ${options.bodyLimitBytes} bytes`,
      );
    }
    (req as ProxiedRequest).frontDoor = { service, startedAt: Date.now() };
    proxy(req, res, next).catch(next);
  };
}

function refuseOversized(error: Error, req: ProxiedRequest, res: ServerResponse, options: FrontDoorOptions) {
  req.frontDoor?.upstream?.destroy();
  if (!(error instanceof BodyTooLargeError)) return;
  options.logger.warn(
    { method: req.method, path: req.url, upstream: req.frontDoor?.service, limitBytes: error.limitBytes },
    'front door refused a body over its limit',
  );
  if (!res.headersSent) sendJson(res, 413, 'Payload Too Large', error.message, true);
}

function answerProxyError(
  error: Error & { code?: string },
  req: ProxiedRequest,
  res: ServerResponse | Socket,
  options: FrontDoorOptions,
) {
  const service = req.frontDoor?.service;
  const elapsed = Date.now() - (req.frontDoor?.startedAt ?? Date.now());
  const status = error.code === 'ECONNREFUSED' ? 503 : elapsed >= options.timeoutMs ? 504 : 502;
  options.logger.warn(
    { method: req.method, path: req.url, upstream: service, status, code: error.code, err: error },
    'front door could not forward a request',
  );
  if (!('headersSent' in res)) return void res.destroy();
  if (res.headersSent) return void res.destroy();
  const reason =
    status === 504 ? `${service} did not answer in ${options.timeoutMs} ms` : `${service} is unreachable`;
  sendJson(
    res,
    status,
    status === 504 ? 'Gateway Timeout' : status === 503 ? 'Service Unavailable' : 'Bad Gateway',
    reason,
  );
}

function sendJson(res: ServerResponse, status: number, error: string, message: string, close = false): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify({ statusCode: status, error, message }));
}
