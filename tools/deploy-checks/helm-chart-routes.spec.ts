/**
 * The Ingress puts every public route of every service under one host. Routes overlap by prefix between
 * services (subscription's /v1/endpoints/… and health's /v1/endpoints/:id/health), so each route the
 * services' controllers declare (read from Nest's metadata, so new routes are covered as they land) is sent
 * through the rendered Ingress and must reach the service that serves it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartValues, CHART_DIR, FULL_VALUES, renderObjects, ROOT, useRealHelm } from './chart-fixtures';
import { mergeValues } from './chart-values';
import { controllerRoutes, samplePath, type ControllerRoute } from './controller-routes';
import { componentOfService, routeRequest } from './ingress-routing';
import { SERVICES } from './service-settings';

const APPS = join(ROOT, 'apps');
const routes: ControllerRoute[] = SERVICES.flatMap(({ name }) => controllerRoutes(APPS, name));

useRealHelm();

async function misrouted(values: Record<string, unknown>): Promise<string[]> {
  const objects = await renderObjects(values);
  return routes.flatMap((route) => {
    const reached = componentOfService(objects, routeRequest(objects, samplePath(route.path)));
    return reached === route.service
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

  it('sends every controller route to the service that serves it', async () => {
    expect(await misrouted(FULL_VALUES)).toEqual([]);
  });

  it('notices a route the mapping gets wrong (the check can fail)', async () => {
    const ingress = chartValues(FULL_VALUES).ingress as { routes: { path: string; service: string }[] };
    const withoutHealth = ingress.routes.filter((route) => route.service !== 'health');
    const problems = await misrouted(mergeValues(FULL_VALUES, { ingress: { routes: withoutHealth } }));
    expect(problems).toContain('GET /v1/endpoints/:endpointId/health (health) reaches subscription');
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
