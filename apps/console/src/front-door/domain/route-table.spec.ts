import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FRONT_DOOR_ROUTES, openApiRoute, routeMatcher } from './route-table';

const VALUES = join(__dirname, '..', '..', '..', '..', '..', 'deploy', 'helm', 'hookline', 'values.yaml');

describe('front door route table', () => {
  it("is the Helm chart's ingress.routes, route for route, so every origin routes alike", () => {
    const values = parse(readFileSync(VALUES, 'utf8')) as { ingress: { routes: unknown[] } };
    expect(FRONT_DOOR_ROUTES).toEqual(values.ingress.routes);
  });

  const route = routeMatcher(FRONT_DOOR_ROUTES, { exposeOperatorApi: true });

  it.each([
    ['/v1/events', 'producer'],
    ['/v1/batches', 'producer'],
    ['/v1/endpoints', 'subscription'],
    ['/v1/endpoints/ep_1', 'subscription'],
    ['/v1/endpoints/ep_1/secret/rotate', 'subscription'],
    ['/v1/endpoints/ep_1/test', 'subscription'],
    ['/v1/tenants/acme/quotas', 'subscription'],
    ['/v1/quotas', 'subscription'],
    ['/v1/quotas/delivery', 'delivery'],
    ['/v1/attempts', 'delivery'],
    ['/v1/endpoints/ep_1/recover', 'delivery'],
    ['/v1/endpoints/ep_1/replay', 'delivery'],
    ['/v1/events/evt_1/endpoints/ep_1/resend', 'delivery'],
    ['/v1/endpoints/health', 'health'],
    ['/v1/endpoints/ep_1/health', 'health'],
    ['/v1/events/evt_1/trace', 'health'],
  ])('sends %s to %s (the longer, more specific pattern wins)', (path, service) => {
    expect(route(path)).toBe(service);
  });

  it('leaves the console its own paths', () => {
    expect(route('/')).toBeUndefined();
    expect(route('/console/assets/console.js')).toBeUndefined();
    expect(route('/v1/eventsx')).toBeUndefined();
  });

  it('routes the operator API only when exposed', () => {
    const hidden = routeMatcher(FRONT_DOOR_ROUTES, { exposeOperatorApi: false });
    expect(hidden('/v1/tenants')).toBeUndefined();
    expect(hidden('/v1/admin/republish')).toBeUndefined();
    expect(hidden('/v1/endpoints')).toBe('subscription');
  });

  it("maps /openapi/<service>.json to that service's own document", () => {
    expect(openApiRoute('/openapi/delivery.json')).toEqual({ service: 'delivery', path: '/openapi.json' });
    expect(openApiRoute('/openapi/console.json')).toBeUndefined();
  });
});
