import { findObject, type Container, type KubeObject } from './kubernetes-objects';

/** Secrets the operator manages outside the chart (existingSecret): name → key → value, for the checks. */
export type ExternalSecrets = Record<string, Record<string, string>>;

export interface ResolvedEnvironment {
  /** What the process sees in its environment, every value a string. */
  env: Record<string, string>;
  /** Variables that come from a Secret (the chart's or an external one). */
  fromSecrets: Set<string>;
  /** References that point at nothing: a missing ConfigMap, Secret or key. */
  problems: string[];
}

function secretValue(
  objects: KubeObject[],
  external: ExternalSecrets,
  name: string,
  key: string,
): string | undefined {
  const secret = findObject(objects, 'Secret', name) as
    { data?: Record<string, string>; stringData?: Record<string, string> } | undefined;
  if (secret === undefined) return external[name]?.[key];
  const encoded = secret.data?.[key];
  return encoded === undefined ? secret.stringData?.[key] : Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * A container's environment as the kubelet builds it: envFrom first, then env entries (which win), with
 * ConfigMap and Secret references resolved against the rendered objects or the given external Secrets.
 */
export function resolveEnvironment(
  container: Container,
  objects: KubeObject[],
  external: ExternalSecrets = {},
): ResolvedEnvironment {
  const env: Record<string, string> = {};
  const fromSecrets = new Set<string>();
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef !== undefined) {
      const configMap = findObject(objects, 'ConfigMap', source.configMapRef.name) as
        { data?: Record<string, string> } | undefined;
      if (configMap === undefined)
        problems.push(`${container.name}: envFrom ConfigMap ${source.configMapRef.name} is not rendered`);
      Object.assign(env, configMap?.data ?? {});
    }
    if (source.secretRef !== undefined)
      problems.push(`${container.name}: envFrom a whole Secret hands it keys it does not read`);
  }
  for (const variable of container.env ?? []) {
    const secretRef = variable.valueFrom?.secretKeyRef;
    const configRef = variable.valueFrom?.configMapKeyRef;
    if (secretRef !== undefined) {
      const value = secretValue(objects, external, secretRef.name, secretRef.key);
      if (value === undefined)
        problems.push(
          `${container.name}: ${variable.name} reads Secret ${secretRef.name} key ${secretRef.key}, which does not exist`,
        );
      env[variable.name] = value ?? '';
      fromSecrets.add(variable.name);
    } else if (configRef !== undefined) {
      const configMap = findObject(objects, 'ConfigMap', configRef.name) as
        { data?: Record<string, string> } | undefined;
      const value = configMap?.data?.[configRef.key];
      if (value === undefined)
        problems.push(
          `${container.name}: ${variable.name} reads ConfigMap ${configRef.name} key ${configRef.key}, which does not exist`,
        );
      env[variable.name] = value ?? '';
    } else {
      if (typeof variable.value !== 'string')
        problems.push(`${container.name}: ${variable.name} has no string value`);
      env[variable.name] = String(variable.value ?? '');
    }
  }
  return { env, fromSecrets, problems };
}
