import type { KubeObject } from './kubernetes-objects';
import { routeRequest } from './ingress-routing';

function ingress(paths: { path: string; pathType: string; service: string }[], regex: boolean): KubeObject[] {
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'i', annotations: regex ? { 'nginx.ingress.kubernetes.io/use-regex': 'true' } : {} },
      spec: {
        rules: [
          {
            http: {
              paths: paths.map(({ path, pathType, service }) => ({
                path,
                pathType,
                backend: { service: { name: service, port: { name: 'http' } } },
              })),
            },
          },
        ],
      },
    },
  ];
}

describe('routeRequest', () => {
  it('tries regex paths longest first, so a nested route beats the prefix it overlaps (ingress-nginx)', () => {
    const objects = ingress(
      [
        { path: '/v1/endpoints(/|$)', pathType: 'ImplementationSpecific', service: 'subscription' },
        { path: '/v1/endpoints/[^/]+/health(/|$)', pathType: 'ImplementationSpecific', service: 'health' },
      ],
      true,
    );
    expect(routeRequest(objects, '/v1/endpoints/ep_1/health')).toBe('health');
    expect(routeRequest(objects, '/v1/endpoints/ep_1')).toBe('subscription');
    expect(routeRequest(objects, '/v1/endpoints/ep_1/healthy')).toBe('subscription');
    expect(routeRequest(objects, '/v1/endpointsx')).toBeUndefined();
    expect(routeRequest(objects, '/metrics')).toBeUndefined();
  });

  it('follows the Ingress specification without regex: Exact first, then the longest whole-element Prefix', () => {
    const objects = ingress(
      [
        { path: '/v1', pathType: 'Prefix', service: 'a' },
        { path: '/v1/events', pathType: 'Prefix', service: 'b' },
        { path: '/v1/events/special', pathType: 'Exact', service: 'c' },
      ],
      false,
    );
    expect(routeRequest(objects, '/v1/events/x')).toBe('b');
    expect(routeRequest(objects, '/v1/eventsx')).toBe('a');
    expect(routeRequest(objects, '/v1/events/special')).toBe('c');
    expect(routeRequest(objects, '/v2')).toBeUndefined();
  });
});
