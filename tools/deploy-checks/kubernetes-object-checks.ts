import { idOf, kindOf, podTemplateOf, type Container, type KubeObject } from './kubernetes-objects';

/**
 * Checks each rendered object on its own, as the API server would reject it: known kinds at the API version
 * the chart targets, valid names and labels, and no unknown field in the parts the chart writes (a typo such
 * as `livenesProbe` is silently dropped by a lenient apply, so it is an error here).
 */
const API_VERSIONS: Record<string, string> = {
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  Deployment: 'apps/v1',
  Job: 'batch/v1',
  PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
  PrometheusRule: 'monitoring.coreos.com/v1',
  HTTPRoute: 'gateway.networking.k8s.io/v1',
};

const TOP_LEVEL: Record<string, string[]> = {
  ConfigMap: ['data'],
  Secret: ['data', 'stringData', 'type'],
  ServiceAccount: ['automountServiceAccountToken', 'imagePullSecrets'],
};

const FIELDS = {
  metadata: ['name', 'namespace', 'labels', 'annotations'],
  deploymentSpec: [
    'replicas',
    'revisionHistoryLimit',
    'selector',
    'strategy',
    'template',
    'minReadySeconds',
    'progressDeadlineSeconds',
  ],
  jobSpec: [
    'backoffLimit',
    'activeDeadlineSeconds',
    'template',
    'ttlSecondsAfterFinished',
    'completions',
    'parallelism',
  ],
  podSpec: [
    'serviceAccountName',
    'automountServiceAccountToken',
    'imagePullSecrets',
    'securityContext',
    'terminationGracePeriodSeconds',
    'containers',
    'initContainers',
    'volumes',
    'nodeSelector',
    'tolerations',
    'affinity',
    'topologySpreadConstraints',
    'restartPolicy',
    'priorityClassName',
  ],
  container: [
    'name',
    'image',
    'imagePullPolicy',
    'command',
    'args',
    'env',
    'envFrom',
    'ports',
    'startupProbe',
    'livenessProbe',
    'readinessProbe',
    'lifecycle',
    'resources',
    'securityContext',
    'volumeMounts',
    'workingDir',
  ],
  probe: [
    'httpGet',
    'periodSeconds',
    'failureThreshold',
    'timeoutSeconds',
    'initialDelaySeconds',
    'successThreshold',
  ],
  envVar: ['name', 'value', 'valueFrom'],
  serviceSpec: ['type', 'selector', 'ports'],
  servicePort: ['name', 'port', 'targetPort', 'protocol'],
};

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function unknownKeys(value: unknown, allowed: string[], where: string): string[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${where} is not a map`];
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where} has unknown field "${key}"`);
}

function nameProblems(object: KubeObject): string[] {
  const name = object.metadata?.name;
  const id = idOf(object);
  if (typeof name !== 'string' || name === '') return [`${id}: metadata.name is missing`];
  // Services need a DNS-1035 label (their name becomes a DNS name); pod-owning names stay short too.
  const label = ['Service', 'Deployment', 'Job'].includes(kindOf(object));
  if (label && (!DNS_1035_LABEL.test(name) || name.length > 63))
    return [`${id}: name must be a DNS-1035 label (≤63)`];
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) return [`${id}: name must be a DNS-1123 subdomain`];
  return [];
}

function labelProblems(labels: Record<string, unknown> | undefined, where: string): string[] {
  return Object.entries(labels ?? {}).flatMap(([key, value]) =>
    typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)
      ? [`${where}: label ${key}=${String(value)} is invalid`]
      : [],
  );
}

function containerProblems(container: Container, where: string): string[] {
  const at = `${where} container ${container.name}`;
  const problems = unknownKeys(container, FIELDS.container, at);
  if (!DNS_1123_LABEL.test(container.name)) problems.push(`${at}: name is not a DNS-1123 label`);
  if (typeof container.image !== 'string' || container.image === '') problems.push(`${at}: no image`);
  for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'] as const) {
    problems.push(...unknownKeys(container[probe], FIELDS.probe, `${at} ${probe}`));
  }
  const names = (container.env ?? []).map((variable) => variable.name);
  for (const variable of container.env ?? []) {
    problems.push(...unknownKeys(variable, FIELDS.envVar, `${at} env ${variable.name}`));
    if (!ENV_NAME.test(variable.name)) problems.push(`${at}: env name ${variable.name} is invalid`);
  }
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) problems.push(`${at}: env ${duplicates.join(', ')} set twice`);
  for (const port of container.ports ?? []) {
    if (port.name !== undefined && (!PORT_NAME.test(port.name) || port.name.length > 15))
      problems.push(`${at}: port name ${port.name} is invalid`);
  }
  return problems;
}

function workloadProblems(object: KubeObject): string[] {
  const id = idOf(object);
  const specFields = object.kind === 'Deployment' ? FIELDS.deploymentSpec : FIELDS.jobSpec;
  const problems = unknownKeys(object.spec, specFields, `${id} spec`);
  const template = podTemplateOf(object);
  if (template === undefined) return [...problems, `${id}: no pod template`];
  problems.push(...unknownKeys(template.spec, FIELDS.podSpec, `${id} pod spec`));
  problems.push(...labelProblems(template.metadata?.labels, `${id} pod`));
  if (!Array.isArray(template.spec.containers) || template.spec.containers.length === 0)
    return [...problems, `${id}: no containers`];
  return [...problems, ...template.spec.containers.flatMap((container) => containerProblems(container, id))];
}

/** Problems of each object taken alone (see the file comment). */
export function objectProblems(objects: KubeObject[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    const id = idOf(object);
    const expected = API_VERSIONS[kindOf(object)];
    if (expected === undefined) problems.push(`${id}: kind the checks do not know`);
    else if (object.apiVersion !== expected)
      problems.push(`${id}: apiVersion ${String(object.apiVersion)}, expected ${expected}`);
    if (seen.has(id)) problems.push(`${id}: rendered twice`);
    seen.add(id);
    problems.push(...nameProblems(object));
    problems.push(...unknownKeys(object.metadata, FIELDS.metadata, `${id} metadata`));
    problems.push(...labelProblems(object.metadata?.labels, id));
    problems.push(
      ...unknownKeys(
        object,
        ['apiVersion', 'kind', 'metadata', 'spec', ...(TOP_LEVEL[kindOf(object)] ?? [])],
        id,
      ),
    );
    if (object.kind === 'Deployment' || object.kind === 'Job') problems.push(...workloadProblems(object));
    if (object.kind === 'Service') {
      const spec = object.spec as { ports?: unknown[] } | undefined;
      problems.push(...unknownKeys(spec, FIELDS.serviceSpec, `${id} spec`));
      for (const port of spec?.ports ?? [])
        problems.push(...unknownKeys(port, FIELDS.servicePort, `${id} port`));
    }
    if (object.kind === 'Secret' || object.kind === 'ConfigMap') {
      const data = (object as { data?: Record<string, unknown> }).data ?? {};
      for (const [key, value] of Object.entries(data)) {
        if (typeof value !== 'string') problems.push(`${id}: data.${key} is not a string`);
        if (object.kind === 'Secret' && typeof value === 'string' && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
          problems.push(`${id}: data.${key} is not base64`);
      }
    }
  }
  return problems;
}
