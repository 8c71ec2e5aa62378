import { findObject, objectsOfKind, type KubeObject } from './kubernetes-objects';

export interface IngressPath {
  path: string;
  pathType: string;
  service: string;
}

/** The paths of every rule of every Ingress, in order. */
export function ingressPaths(objects: KubeObject[]): IngressPath[] {
  type Path = { path: string; pathType: string; backend: { service: { name: string } } };
  return objectsOfKind(objects, 'Ingress').flatMap((ingress) =>
    ((ingress.spec as { rules?: { http?: { paths?: Path[] } }[] }).rules ?? []).flatMap((rule) =>
      (rule.http?.paths ?? []).map((path) => ({
        path: path.path,
        pathType: path.pathType,
        service: path.backend.service.name,
      })),
    ),
  );
}

function usesRegex(objects: KubeObject[]): boolean {
  return objectsOfKind(objects, 'Ingress').some(
    (ingress) => ingress.metadata?.annotations?.['nginx.ingress.kubernetes.io/use-regex'] === 'true',
  );
}

/** Kubernetes' Prefix match: whole path elements, so /v1/event matches neither /v1/events nor /v1/events/x. */
function prefixMatches(prefix: string, path: string): boolean {
  const want = prefix.split('/').filter((part) => part !== '');
  const have = path.split('/').filter((part) => part !== '');
  return want.every((part, index) => have[index] === part);
}

/**
 * Which backend Service a request path reaches, or undefined when no rule matches. With ingress-nginx's
 * use-regex every path is a case-insensitive regular expression anchored at the start, tried longest first
 * (ingress-nginx orders locations by descending path length; nginx takes the first regex that matches).
 * Without it, the Ingress specification's rules apply: an Exact match wins, then the longest Prefix.
 */
export function routeRequest(objects: KubeObject[], path: string): string | undefined {
  const paths = ingressPaths(objects);
  if (usesRegex(objects)) {
    const ordered = [...paths].sort((a, b) => b.path.length - a.path.length);
    return ordered.find((candidate) => new RegExp(`^${candidate.path}`, 'i').test(path))?.service;
  }
  const exact = paths.find((candidate) => candidate.pathType === 'Exact' && candidate.path === path);
  if (exact !== undefined) return exact.service;
  const prefixes = paths.filter(
    (candidate) => candidate.pathType !== 'Exact' && prefixMatches(candidate.path, path),
  );
  return prefixes.sort((a, b) => b.path.length - a.path.length)[0]?.service;
}

/**
 * Which backend Service a request path reaches through the release's HTTPRoutes (Gateway API), or undefined:
 * RegularExpression matches are full matches of the path, tried in rule order (the chart orders them longest
 * first); PathPrefix and Exact as the Gateway API specifies.
 */
export function routeThroughGateway(objects: KubeObject[], path: string): string | undefined {
  type Rule = {
    matches?: { path?: { type?: string; value?: string } }[];
    backendRefs?: { name: string }[];
  };
  for (const route of objectsOfKind(objects, 'HTTPRoute')) {
    for (const rule of (route.spec as { rules?: Rule[] }).rules ?? []) {
      const matched = (rule.matches ?? []).some(({ path: match }) => {
        const value = match?.value ?? '/';
        if (match?.type === 'RegularExpression') return new RegExp(`^(?:${value})$`).test(path);
        if (match?.type === 'Exact') return path === value;
        return prefixMatches(value, path);
      });
      if (matched) return rule.backendRefs?.[0]?.name;
    }
  }
  return undefined;
}

/** The app.kubernetes.io/component label of the Service a route reaches: which Hookline service owns it. */
export function componentOfService(
  objects: KubeObject[],
  serviceName: string | undefined,
): string | undefined {
  if (serviceName === undefined) return undefined;
  const service = findObject(objects, 'Service', serviceName);
  return service?.metadata?.labels?.['app.kubernetes.io/component'] as string | undefined;
}
