/**
 * The Ingress (or the Gateway API HTTPRoute) puts every public route of every service under one host. Routes
 * overlap by prefix between services (subscription's /v1/endpoints/… and health's /v1/endpoints/:id/health),
 * so each route the services' controllers declare (read from Nest's metadata, so new routes are covered as
 * they land) is sent through the rendered Ingress or HTTPRoute and must reach the service that serves it;
 * the operator API (/v1/tenants, /v1/admin) must reach nothing unless ingress.exposeOperatorApi. The
 * console's own routes (its controller's, and /openapi/<service>.json) reach the console.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chartValues,
  CHART_DIR,
  FULL_VALUES,
  LEAST_PRIVILEGE_VALUES,
  renderObjects,
  ROOT,
  useRealHelm,
} from './chart-fixtures';
import { mergeValues } from './chart-values';
import { controllerRoutes, samplePath, type ControllerRoute } from './controller-routes';
import { componentOfService, routeRequest, routeThroughGateway } from './ingress-routing';
import { SERVICES } from './service-settings';

const APPS = join(ROOT, 'apps');
const routes: ControllerRoute[] = SERVICES.flatMap(({ name }) => controllerRoutes(APPS, name));

useRealHelm();

const OPERATOR_API = /^\/v1\/(tenants|admin)(\/|$)/;

/** Routes that do not reach their owner (or, for the operator API when not exposed, reach anything). */
async function misrouted(values: Record<string, unknown>): Promise<string[]> {
  const objects = await renderObjects(values);
  const exposed = (chartValues(values).ingress as { exposeOperatorApi: boolean }).exposeOperatorApi;
  const viaGateway = objects.some((object) => object.kind === 'HTTPRoute');
  return routes.flatMap((route) => {
    const path = samplePath(route.path);
    const backend = viaGateway ? routeThroughGateway(objects, path) : routeRequest(objects, path);
    const reached = componentOfService(objects, backend);
    const expected = OPERATOR_API.test(route.path) && !exposed ? undefined : route.service;
    return reached === expected
      ? []
      : [`${route.method} ${route.path} (${route.service}) reaches ${reached ?? 'nothing'}`];
  });
}

describe('Helm chart: Ingress routes', () => {
  it("finds the services' public routes in their controllers", () => {
    const paths = routes.map((route) => `${route.service} ${route.method} ${route.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'producer POST /v1/events',
        'subscription POST /v1/tenants',
        'subscription GET /v1/endpoints/:endpointId',
        'health GET /v1/endpoints/:endpointId/health',
      ]),
    );
  });

  it('sends every controller route to the service that serves it, and the operator API nowhere', async () => {
    expect(await misrouted(FULL_VALUES)).toEqual([]);
    const tenants = (await renderObjects(FULL_VALUES)).some((object) =>
      JSON.stringify(object.spec ?? {}).includes('/v1/tenants'),
    );
    expect(tenants).toBe(false);
  });

  it('routes the operator API too when ingress.exposeOperatorApi is on', async () => {
    const exposed = mergeValues(FULL_VALUES, { ingress: { exposeOperatorApi: true } });
    expect(await misrouted(exposed)).toEqual([]);
    const objects = await renderObjects(exposed);
    expect(componentOfService(objects, routeRequest(objects, '/v1/tenants'))).toBe('subscription');
  });

  it('sends every controller route to its owner through the Gateway API HTTPRoute', async () => {
    expect(await misrouted(LEAST_PRIVILEGE_VALUES)).toEqual([]);
    const exposed = mergeValues(LEAST_PRIVILEGE_VALUES, { ingress: { exposeOperatorApi: true } });
    expect(await misrouted(exposed)).toEqual([]);
  });

  it('assumes no ingress controller by default: no class, no controller annotations', async () => {
    const values = mergeValues(FULL_VALUES, { ingress: { className: null, annotations: null } });
    const [ingress] = (await renderObjects(values)).filter((object) => object.kind === 'Ingress');
    expect((ingress.spec as { ingressClassName?: string }).ingressClassName).toBeUndefined();
    expect(ingress.metadata?.annotations).toBeUndefined();
  });

  it('notices a route the mapping gets wrong (the check can fail)', async () => {
    const ingress = chartValues(FULL_VALUES).ingress as { routes: { path: string; service: string }[] };
    const withoutHealth = ingress.routes.filter((route) => route.service !== 'health');
    const problems = await misrouted(mergeValues(FULL_VALUES, { ingress: { routes: withoutHealth } }));
    expect(problems).toContain('GET /v1/endpoints/:endpointId/health (health) reaches subscription');
  });

  it("sends the console's own paths to the console, through the Ingress and the HTTPRoute alike", async () => {
    const paths = ['/', '/console/assets/console.js', '/console/settings.json', '/openapi/delivery.json'];
    const elsewhere = ['/healthz', '/readyz', '/metrics', '/consolex', '/v1/tenants', '/v1/nothing'];
    for (const values of [FULL_VALUES, LEAST_PRIVILEGE_VALUES]) {
      const objects = await renderObjects(values);
      const viaGateway = objects.some((object) => object.kind === 'HTTPRoute');
      const reach = (path: string): string | undefined =>
        componentOfService(
          objects,
          viaGateway ? routeThroughGateway(objects, path) : routeRequest(objects, path),
        );
      expect(paths.map(reach)).toEqual(paths.map(() => 'console'));
      // The /v1 paths go straight to their services; the console's probes and metrics stay off the host.
      expect(reach('/v1/endpoints/ep_1')).toBe('subscription');
      expect(elsewhere.map(reach)).toEqual(elsewhere.map(() => undefined));
    }
    const withoutConsole = await renderObjects(
      mergeValues(FULL_VALUES, { services: { console: { enabled: false } } }),
    );
    expect(routeRequest(withoutConsole, '/')).toBeUndefined();
    expect(componentOfService(withoutConsole, routeRequest(withoutConsole, '/v1/events'))).toBe('producer');
  });

  it('keeps the operational endpoints (/healthz, /readyz, /metrics) off the public host', async () => {
    const objects = await renderObjects(FULL_VALUES);
    expect(['/healthz', '/readyz', '/metrics'].map((path) => routeRequest(objects, path))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('lets the proxy pass the largest request body a routed service accepts', async () => {
    const objects = await renderObjects(FULL_VALUES);
    const annotation = String(
      objects.find((object) => object.kind === 'Ingress')?.metadata?.annotations?.[
        'nginx.ingress.kubernetes.io/proxy-body-size'
      ],
    );
    const bytes = (size: string): number => {
      const match = /^(\d+)(k|m)b?$/i.exec(size);
      if (match === null) throw new Error(`unreadable size ${size}`);
      return Number(match[1]) * (match[2].toLowerCase() === 'm' ? 1024 * 1024 : 1024);
    };
    const producer = (chartValues(FULL_VALUES).services as Record<string, { config: Record<string, string> }>)
      .producer.config;
    const limits = Object.entries(producer)
      .filter(([key]) => /BODY_LIMIT$/.test(key))
      .map(([, value]) => bytes(value));
    expect(limits.length).toBeGreaterThan(0);
    expect(bytes(annotation)).toBeGreaterThanOrEqual(Math.max(...limits));
  });

  it('names the owner of every public route in the chart README', () => {
    const readme = readFileSync(join(CHART_DIR, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('|'));
    const missing = routes.filter(
      (route) =>
        !rows.some((row) => row.includes(`\`${route.method} ${route.path}\``) && row.includes(route.service)),
    );
    expect(missing.map((route) => `${route.method} ${route.path} (${route.service})`)).toEqual([]);
  });
});
