/** The services behind the front door (the console itself answers every path none of them owns). */
export type UpstreamService = 'producer' | 'subscription' | 'delivery' | 'health';

export interface FrontDoorRoute {
  /** A regular expression anchored at the start of the path, as in the chart's `ingress.routes`. */
  path: string;
  service: UpstreamService;
  /** The operator API: routed only when the front door exposes it (the chart's `exposeOperatorApi`). */
  operator?: boolean;
}

/**
 * Which service owns which public path: the same table as the Helm chart's `ingress.routes`
 * (deploy/helm/hookline/values.yaml; route-table.spec.ts fails when the two differ), so `npm start`,
 * compose and a cluster answer every path on one origin the same way.
 */
export const FRONT_DOOR_ROUTES: readonly FrontDoorRoute[] = [
  { path: '/v1/events(/|$)', service: 'producer' },
  { path: '/v1/batches(/|$)', service: 'producer' },
  { path: '/v1/tenants(/|$)', service: 'subscription', operator: true },
  { path: '/v1/api-keys(/|$)', service: 'subscription' },
  { path: '/v1/endpoints(/|$)', service: 'subscription' },
  { path: '/v1/event-types(/|$)', service: 'subscription' },
  { path: '/v1/admin(/|$)', service: 'subscription', operator: true },
  { path: '/v1/quotas(/|$)', service: 'subscription' },
  { path: '/v1/attempts(/|$)', service: 'delivery' },
  { path: '/v1/replays(/|$)', service: 'delivery' },
  { path: '/v1/quotas/delivery(/|$)', service: 'delivery' },
  { path: '/v1/endpoints/[^/]+/(recover|replay)(/|$)', service: 'delivery' },
  { path: '/v1/events/[^/]+/endpoints/[^/]+/resend(/|$)', service: 'delivery' },
  { path: '/v1/endpoints/health(/|$)', service: 'health' },
  { path: '/v1/endpoints/[^/]+/health(/|$)', service: 'health' },
  { path: '/v1/events/[^/]+/trace(/|$)', service: 'health' },
];

export type RouteMatcher = (path: string) => UpstreamService | undefined;

/**
 * The service a request path goes to, or undefined for the console's own paths. Matched the way the
 * chart's ingress-nginx Ingress matches (tools/deploy-checks/ingress-routing.ts): case-insensitive regular
 * expressions anchored at the start, longest pattern first.
 */
export function routeMatcher(
  routes: readonly FrontDoorRoute[],
  options: { exposeOperatorApi: boolean },
): RouteMatcher {
  const ordered = routes
    .filter((route) => options.exposeOperatorApi || route.operator !== true)
    .sort((a, b) => b.path.length - a.path.length)
    .map((route) => ({ pattern: new RegExp(`^${route.path}`, 'i'), service: route.service }));
  return (path) => ordered.find((route) => route.pattern.test(path))?.service;
}

/** A hidden operator route answers 404 at the front door rather than falling through to the console. */
export function isApiPath(path: string): boolean {
  return /^\/v1(\/|$)/i.test(path);
}

const OPENAPI_PATH = /^\/openapi\/(producer|subscription|delivery|health)\.(json|yaml)$/;

/**
 * `/openapi/<service>.json` (or `.yaml`) on the front door is that service's own `/openapi.json`, so every
 * API reference is on the one origin too. A service that serves no document answers its own 404.
 */
export function openApiRoute(path: string): { service: UpstreamService; path: string } | undefined {
  const match = OPENAPI_PATH.exec(path);
  if (match === null) return undefined;
  return { service: match[1] as UpstreamService, path: `/openapi.${match[2]}` };
}
