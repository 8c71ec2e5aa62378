/** Loose views of the Kubernetes objects the chart renders, and lookups across a rendered release. */
export type KubeObject = Record<string, unknown> & {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; labels?: Record<string, unknown>; annotations?: Record<string, unknown> };
};

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command?: string[] } } };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface PodSpec {
  serviceAccountName?: string;
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  restartPolicy?: string;
  containers: Container[];
  volumes?: { name: string }[];
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export const kindOf = (object: KubeObject): string => String(object.kind);
export const nameOf = (object: KubeObject): string => String(object.metadata?.name);
export const idOf = (object: KubeObject): string => `${kindOf(object)}/${nameOf(object)}`;

export function objectsOfKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function findObject(objects: KubeObject[], kind: string, name: string): KubeObject | undefined {
  return objects.find((object) => object.kind === kind && object.metadata?.name === name);
}

/** The pod template of a Deployment or Job. */
export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  if (object.kind !== 'Deployment' && object.kind !== 'Job') return undefined;
  return (object.spec as { template?: PodTemplate } | undefined)?.template;
}

export function hookOf(object: KubeObject): { events: string[]; weight: number } | undefined {
  const annotations = object.metadata?.annotations ?? {};
  const hook = annotations['helm.sh/hook'];
  if (typeof hook !== 'string') return undefined;
  return { events: hook.split(','), weight: Number(annotations['helm.sh/hook-weight'] ?? 0) };
}

export function matchesSelector(
  labels: Record<string, unknown> | undefined,
  selector: Record<string, unknown>,
): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}
