import type { NextFunction, Request, Response } from 'express';
import { Histogram, register, type Registry } from 'prom-client';

export const HTTP_REQUEST_METRIC = 'hookline_http_request_duration_seconds';

/** Probes and scrapes: counted by Kubernetes and Prometheus themselves, not traffic. */
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/** Requests that matched no route share one label value, so a scan of random paths adds no series. */
export const UNMATCHED_ROUTE = 'unmatched';

type Labels = 'method' | 'route' | 'status';

function requestHistogram(registry: Registry): Histogram<Labels> {
  const existing = registry.getSingleMetric(HTTP_REQUEST_METRIC);
  if (existing !== undefined) return existing as Histogram<Labels>;
  return new Histogram({
    name: HTTP_REQUEST_METRIC,
    help: 'HTTP requests by method, route template and status code, and how long each took to answer',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
}

/**
 * The route template a request matched (`/v1/endpoints/:endpointId`), never its raw path: ids in paths would
 * make a series per id. Express sets `req.route` once a route matched; a request no route matched (a 404)
 * is UNMATCHED_ROUTE.
 */
export function routeTemplate(request: Pick<Request, 'baseUrl' | 'route'>): string {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${request.baseUrl}${path}` : UNMATCHED_ROUTE;
}

/**
 * Express middleware recording every answered request in `hookline_http_request_duration_seconds`: its
 * `_count` is the request rate, `status=~"5.."` the errors, the buckets the duration. The labels are read
 * when the response finishes, after routing. Nest mounts module middleware as a catch-all route of its own,
 * which sets `req.route` before any controller route matched: a request whose route is still that one when it
 * finishes matched nothing.
 */
export function httpRequestMetrics(registry: Registry = register) {
  const histogram = requestHistogram(registry);
  return (request: Request, response: Response, next: NextFunction): void => {
    const stopTimer = histogram.startTimer();
    const mountedAt: unknown = request.route;
    response.once('finish', () => {
      const matched = request.route !== mountedAt;
      const route = matched ? routeTemplate(request) : UNMATCHED_ROUTE;
      if (QUIET_ROUTES.has(route)) return;
      stopTimer({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
