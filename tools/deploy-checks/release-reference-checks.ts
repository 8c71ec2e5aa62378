import { resolveEnvironment, type ExternalSecrets } from './container-environment';
import {
  findObject,
  hookOf,
  idOf,
  matchesSelector,
  nameOf,
  objectsOfKind,
  podTemplateOf,
  type Container,
  type KubeObject,
  type PodTemplate,
} from './kubernetes-objects';

export interface ReleaseContext {
  /** Secrets the operator provides (existingSecret), with the values the checks should assume. */
  externalSecrets?: ExternalSecrets;
  /** ServiceAccounts that exist outside the release. */
  externalServiceAccounts?: string[];
}

/**
 * Checks that the objects of one release fit together: every reference resolves (ConfigMaps, Secrets and
 * keys, ServiceAccounts, volumes, probe ports, Service selectors and target ports, Ingress backends, HPA and
 * PDB targets), and hook Jobs only use what exists when they run (Helm creates the release's ordinary
 * resources after the pre-install hooks).
 */
export function referenceProblems(objects: KubeObject[], context: ReleaseContext = {}): string[] {
  return [
    ...objects.flatMap((object) => workloadReferenceProblems(object, objects, context)),
    ...objectsOfKind(objects, 'Service').flatMap((service) => serviceProblems(service, objects)),
    ...objectsOfKind(objects, 'Ingress').flatMap((ingress) => ingressProblems(ingress, objects)),
    ...objectsOfKind(objects, 'HorizontalPodAutoscaler').flatMap((hpa) => autoscalerProblems(hpa, objects)),
    ...objectsOfKind(objects, 'PodDisruptionBudget').flatMap((pdb) => disruptionBudgetProblems(pdb, objects)),
    ...objectsOfKind(objects, 'ServiceMonitor').flatMap((monitor) =>
      serviceMonitorProblems(monitor, objects),
    ),
  ];
}

/** Whether `dependency` exists by the time `user` is created. */
function availabilityProblem(
  user: KubeObject,
  dependency: KubeObject | undefined,
  what: string,
  external: boolean,
): string | undefined {
  const userHook = hookOf(user);
  if (dependency === undefined)
    return external ? undefined : `${idOf(user)}: ${what} is neither rendered nor provided`;
  const dependencyHook = hookOf(dependency);
  if (userHook === undefined) {
    // Hook resources with hook-succeeded deletion are gone by the time the release's pods run.
    return dependencyHook === undefined
      ? undefined
      : `${idOf(user)}: ${what} is a hook resource, not part of the release`;
  }
  if (dependencyHook === undefined) return `${idOf(user)} runs as a hook before ${what} is created`;
  const sameEvents = userHook.events.every((event) => dependencyHook.events.includes(event));
  if (!sameEvents || dependencyHook.weight >= userHook.weight)
    return `${idOf(user)}: ${what} is not created before this hook (weight)`;
  return undefined;
}

function secretReferences(container: Container): string[] {
  return (container.env ?? []).flatMap((variable) =>
    variable.valueFrom?.secretKeyRef === undefined ? [] : [variable.valueFrom.secretKeyRef.name],
  );
}

function workloadReferenceProblems(
  object: KubeObject,
  objects: KubeObject[],
  context: ReleaseContext,
): string[] {
  const template = podTemplateOf(object);
  if (template === undefined) return [];
  const id = idOf(object);
  const problems: string[] = [];
  const account = template.spec.serviceAccountName ?? 'default';
  const externalAccount = account === 'default' || (context.externalServiceAccounts ?? []).includes(account);
  problems.push(
    availabilityProblem(
      object,
      findObject(objects, 'ServiceAccount', account),
      `ServiceAccount ${account}`,
      externalAccount,
    ) ?? '',
  );
  const volumes = new Set((template.spec.volumes ?? []).map((volume) => volume.name));
  for (const container of template.spec.containers) {
    problems.push(
      ...resolveEnvironment(container, objects, context.externalSecrets).problems.map(
        (problem) => `${id}: ${problem}`,
      ),
    );
    for (const name of new Set(secretReferences(container))) {
      const external = context.externalSecrets?.[name] !== undefined;
      problems.push(
        availabilityProblem(object, findObject(objects, 'Secret', name), `Secret ${name}`, external) ?? '',
      );
    }
    for (const source of container.envFrom ?? []) {
      const name = source.configMapRef?.name;
      if (name !== undefined)
        problems.push(
          availabilityProblem(object, findObject(objects, 'ConfigMap', name), `ConfigMap ${name}`, false) ??
            '',
        );
    }
    for (const mount of container.volumeMounts ?? []) {
      if (!volumes.has(mount.name)) problems.push(`${id}: volumeMount ${mount.name} has no volume`);
    }
    problems.push(...probePortProblems(container, id));
  }
  if (object.kind === 'Deployment') problems.push(...selectorProblems(object, template));
  return problems.filter((problem) => problem !== '');
}

function probePortProblems(container: Container, id: string): string[] {
  const ports = new Set<string | number>(
    (container.ports ?? []).flatMap((port) => [
      port.containerPort,
      ...(port.name === undefined ? [] : [port.name]),
    ]),
  );
  return (['startupProbe', 'livenessProbe', 'readinessProbe'] as const).flatMap((probe) => {
    const port = container[probe]?.httpGet?.port;
    return port === undefined || ports.has(port)
      ? []
      : [`${id}: ${probe} uses port ${port}, which the container does not declare`];
  });
}

function selectorProblems(deployment: KubeObject, template: PodTemplate): string[] {
  const selector = (deployment.spec as { selector?: { matchLabels?: Record<string, string> } }).selector
    ?.matchLabels;
  if (selector === undefined || Object.keys(selector).length === 0)
    return [`${idOf(deployment)}: no selector`];
  return matchesSelector(template.metadata?.labels, selector)
    ? []
    : [`${idOf(deployment)}: selector does not match its pod labels`];
}

function podsSelectedBy(
  selector: Record<string, unknown>,
  objects: KubeObject[],
): { deployment: KubeObject; template: PodTemplate }[] {
  return objectsOfKind(objects, 'Deployment').flatMap((deployment) => {
    const template = podTemplateOf(deployment);
    return template !== undefined && matchesSelector(template.metadata?.labels, selector)
      ? [{ deployment, template }]
      : [];
  });
}

function serviceProblems(service: KubeObject, objects: KubeObject[]): string[] {
  const spec = service.spec as {
    selector?: Record<string, string>;
    ports?: { name?: string; port: number; targetPort?: string | number }[];
  };
  const selected = podsSelectedBy(spec.selector ?? {}, objects);
  if (selected.length !== 1) return [`${idOf(service)}: selects ${selected.length} Deployments, expected 1`];
  const container = selected[0].template.spec.containers[0];
  return (spec.ports ?? []).flatMap((port) => {
    const target = port.targetPort ?? port.port;
    const found = (container.ports ?? []).some(
      (candidate) => candidate.name === target || candidate.containerPort === target,
    );
    return found
      ? []
      : [`${idOf(service)}: targetPort ${target} is not a port of ${nameOf(selected[0].deployment)}`];
  });
}

function servicePort(service: KubeObject | undefined, port: { name?: string; number?: number }): boolean {
  const ports = (service?.spec as { ports?: { name?: string; port: number }[] } | undefined)?.ports ?? [];
  return ports.some((candidate) =>
    port.name !== undefined ? candidate.name === port.name : candidate.port === port.number,
  );
}

function ingressProblems(ingress: KubeObject, objects: KubeObject[]): string[] {
  type Backend = { service?: { name: string; port: { name?: string; number?: number } } };
  const rules =
    (
      ingress.spec as {
        rules?: { http?: { paths?: { path?: string; pathType?: string; backend: Backend }[] } }[];
      }
    ).rules ?? [];
  return rules.flatMap((rule) =>
    (rule.http?.paths ?? []).flatMap((path) => {
      const backend = path.backend.service;
      if (backend === undefined) return [`${idOf(ingress)}: ${path.path} has no service backend`];
      if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(path.pathType ?? ''))
        return [`${idOf(ingress)}: ${path.path} has pathType ${path.pathType}`];
      const service = findObject(objects, 'Service', backend.name);
      return servicePort(service, backend.port)
        ? []
        : [`${idOf(ingress)}: ${path.path} → ${backend.name}, which has no such Service port`];
    }),
  );
}

function autoscalerProblems(hpa: KubeObject, objects: KubeObject[]): string[] {
  const spec = hpa.spec as {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
  };
  const target = findObject(objects, spec.scaleTargetRef.kind, spec.scaleTargetRef.name);
  if (target === undefined) return [`${idOf(hpa)}: scale target ${spec.scaleTargetRef.name} is not rendered`];
  const problems: string[] = [];
  if ((spec.minReplicas ?? 1) > spec.maxReplicas)
    problems.push(`${idOf(hpa)}: minReplicas exceeds maxReplicas`);
  // A Deployment that also sets replicas would be reset to that number on every upgrade.
  if ((target.spec as { replicas?: number }).replicas !== undefined)
    problems.push(`${idOf(target)}: sets replicas although an HPA scales it`);
  return problems;
}

function disruptionBudgetProblems(pdb: KubeObject, objects: KubeObject[]): string[] {
  const spec = pdb.spec as {
    selector?: { matchLabels?: Record<string, string> };
    minAvailable?: unknown;
    maxUnavailable?: unknown;
  };
  const problems =
    podsSelectedBy(spec.selector?.matchLabels ?? {}, objects).length === 1
      ? []
      : [`${idOf(pdb)}: does not select exactly one Deployment`];
  if ((spec.minAvailable === undefined) === (spec.maxUnavailable === undefined))
    problems.push(`${idOf(pdb)}: needs exactly one of minAvailable, maxUnavailable`);
  return problems;
}

function serviceMonitorProblems(monitor: KubeObject, objects: KubeObject[]): string[] {
  const spec = monitor.spec as {
    selector: { matchLabels: Record<string, string> };
    endpoints: { port: string; path?: string }[];
  };
  const services = objectsOfKind(objects, 'Service').filter((service) =>
    matchesSelector(service.metadata?.labels, spec.selector.matchLabels),
  );
  if (services.length === 0) return [`${idOf(monitor)}: selects no Service`];
  return services.flatMap((service) =>
    spec.endpoints
      .filter((endpoint) => !servicePort(service, { name: endpoint.port }))
      .map((endpoint) => `${idOf(monitor)}: ${idOf(service)} has no port ${endpoint.port}`),
  );
}
