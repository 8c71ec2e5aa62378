/**
 * Shared by the chart checks: where the chart is, the real Helm that renders it, the value sets it is
 * rendered with, and lookups of what a rendered release gives each service.
 */
import { join } from 'node:path';
import { ChartRenderer, type RenderedChart } from './chart-renderer';
import { mergeValues } from './chart-values';
import { resolveEnvironment, type ExternalSecrets, type ResolvedEnvironment } from './container-environment';
import { objectsOfKind, podTemplateOf, type Container, type KubeObject } from './kubernetes-objects';

export const ROOT = join(__dirname, '..', '..');
export const CHART_DIR = join(ROOT, 'deploy', 'helm', 'hookline');
/** kubeVersion: a release the chart supports (Chart.yaml), instead of Helm's built-in default. */
export const RELEASE = { releaseName: 'hookline', namespace: 'webhooks', kubeVersion: '1.30.0' };

/**
 * The real Helm, one process per test file. The first run on a machine fetches it from Maven Central (tens
 * of MB); a check that cannot run Helm fails, it is never skipped.
 */
const chart = new ChartRenderer(CHART_DIR, RELEASE);
const HELM_START_TIMEOUT_MS = 10 * 60_000;

/** Registers the hooks that start Helm before the file's tests and stop it after them. */
export function useRealHelm(): void {
  beforeAll(() => chart.open(), HELM_START_TIMEOUT_MS);
  afterAll(() => chart.close());
}

/** `helm template` of the chart with `values` over values.yaml. */
export function render(values: Record<string, unknown>): Promise<RenderedChart> {
  return chart.render(values);
}

/** `helm lint --strict` of the chart with `values` merged into values.yaml. */
export function lint(values: Record<string, unknown>): ReturnType<ChartRenderer['lint']> {
  return chart.lint(values);
}

/** values.yaml with `values` merged over it, as Helm sees them. */
export function chartValues(values: Record<string, unknown>): Record<string, unknown> {
  return chart.values(values);
}

/** Test-only credentials: recognisable, so the checks can look for them where they must not be. */
export const SECRET_VALUES = {
  databaseUrl: 'postgres://hookline:chart-check-db-password@pg.db.svc:5432/hookline',
  ingestTokens: 'chart-check-ingest-token-1,chart-check-ingest-token-0',
  operatorTokens: 'chart-check-operator-token',
  secretEncryptionKeys: `k2:${Buffer.alloc(32, 7).toString('base64')},k1:${Buffer.alloc(32, 3).toString('base64')}`,
  kafkaSaslPassword: 'chart-check-sasl-password',
};

const chartSecrets = Object.fromEntries(
  Object.entries(SECRET_VALUES)
    .filter(([entry]) => entry !== 'kafkaSaslPassword')
    .map(([entry, value]) => [entry, { value }]),
);

/** The least an install needs: brokers and the secrets. */
export const MINIMAL_VALUES = {
  kafka: { brokers: 'kafka-0.kafka:9092,kafka-1.kafka:9092' },
  secrets: chartSecrets,
};

const autoscaled = { autoscaling: { enabled: true } };

/** Every optional part on: Ingress with TLS, ServiceMonitor, HPAs, Kafka SASL/SSL, Postgres SSL, tracing. */
export const FULL_VALUES = mergeValues(MINIMAL_VALUES, {
  kafka: { ssl: true, partitions: 12, sasl: { mechanism: 'scram-sha-512', username: 'hookline' } },
  database: { ssl: true, poolSize: 20 },
  secrets: { kafkaSaslPassword: { value: SECRET_VALUES.kafkaSaslPassword } },
  // An operator on ingress-nginx: its class and the annotations the regex routes and batch bodies need.
  ingress: {
    enabled: true,
    className: 'nginx',
    annotations: {
      'nginx.ingress.kubernetes.io/use-regex': 'true',
      'nginx.ingress.kubernetes.io/proxy-body-size': '32m',
    },
    tls: { enabled: true },
  },
  serviceMonitor: { enabled: true, labels: { release: 'prometheus' } },
  prometheusRule: { enabled: true, labels: { release: 'prometheus' } },
  tracing: { exporter: 'otlp', otlpEndpoint: 'http://otel-collector.observability:4318' },
  services: {
    producer: autoscaled,
    subscription: autoscaled,
    delivery: autoscaled,
    health: autoscaled,
    console: autoscaled,
  },
  podAnnotations: { 'example.com/team': 'webhooks' },
});

/** The services with a Postgres role and a Kafka principal of their own (not the console). */
const SERVICE_NAMES = ['producer', 'subscription', 'delivery', 'health'];

/** The database URL of each service's own runtime role (database.runtimeRoles). */
export const SERVICE_DATABASE_URLS = Object.fromEntries(
  SERVICE_NAMES.map((name) => [
    name,
    `postgres://${name}_app:chart-check-${name}-db-password@pg.db.svc:5432/hookline`,
  ]),
);

/**
 * Least privilege: per-service Postgres roles, NetworkPolicies, a Gateway API HTTPRoute instead of an
 * Ingress, and the operator API off the public routes (the default).
 */
export const LEAST_PRIVILEGE_VALUES = mergeValues(MINIMAL_VALUES, {
  database: { runtimeRoles: { enabled: true } },
  kafka: { sasl: { mechanism: 'scram-sha-512', username: 'hookline-admin' } },
  secrets: {
    ...Object.fromEntries(
      SERVICE_NAMES.map((name) => [`${name}DatabaseUrl`, { value: SERVICE_DATABASE_URLS[name] }]),
    ),
    kafkaSaslPassword: { value: SECRET_VALUES.kafkaSaslPassword },
    ...Object.fromEntries(
      SERVICE_NAMES.map((name) => [
        `${name}Kafka`,
        { value: `chart-check-kafka-${name}-password`, key: `KAFKA_PASSWORD_${name.toUpperCase()}` },
      ]),
    ),
  },
  services: Object.fromEntries(
    SERVICE_NAMES.map((name) => [
      name,
      {
        config: { KAFKA_SASL_USERNAME: `hookline-${name}` },
        secretEnv: { KAFKA_SASL_PASSWORD: `${name}Kafka` },
      },
    ]),
  ),
  networkPolicy: {
    enabled: true,
    apiFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } } }],
    metricsFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    egress: { postgres: { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] } },
  },
  gateway: {
    enabled: true,
    parentRefs: [{ name: 'public', namespace: 'gateways' }],
    hostnames: ['hooks.example.com'],
  },
});

/** Secrets the operator manages: one Secret for everything, and the database URL from its Postgres operator. */
export const EXISTING_SECRETS_VALUES = {
  kafka: { brokers: 'kafka.kafka:9092', sasl: { mechanism: 'plain', username: 'hookline' } },
  secrets: { existingSecret: 'hookline-credentials', databaseUrl: { existingSecret: 'pg-app', key: 'uri' } },
  serviceAccount: { create: false, name: 'hookline-workload' },
};

export const EXTERNAL_SECRETS: ExternalSecrets = {
  'hookline-credentials': {
    INGEST_TOKENS: SECRET_VALUES.ingestTokens,
    OPERATOR_TOKENS: SECRET_VALUES.operatorTokens,
    SECRET_ENCRYPTION_KEYS: SECRET_VALUES.secretEncryptionKeys,
    KAFKA_SASL_PASSWORD: SECRET_VALUES.kafkaSaslPassword,
  },
  'pg-app': { uri: SECRET_VALUES.databaseUrl },
};

export interface Scenario {
  name: string;
  values: Record<string, unknown>;
  externalSecrets?: ExternalSecrets;
  externalServiceAccounts?: string[];
}

export const SCENARIOS: Scenario[] = [
  { name: 'defaults with the required values', values: MINIMAL_VALUES },
  { name: 'every option on', values: FULL_VALUES },
  {
    name: 'existing Secrets',
    values: EXISTING_SECRETS_VALUES,
    externalSecrets: EXTERNAL_SECRETS,
    externalServiceAccounts: ['hookline-workload'],
  },
  { name: 'least privilege', values: LEAST_PRIVILEGE_VALUES },
  {
    name: 'jobs off',
    values: mergeValues(MINIMAL_VALUES, { migrations: { enabled: false }, topics: { enabled: false } }),
  },
];

export function objectsOf(rendered: RenderedChart): KubeObject[] {
  return rendered.manifests.flatMap((manifest) => manifest.objects);
}

/** The objects `helm template` renders for `values`. */
export async function renderObjects(values: Record<string, unknown>): Promise<KubeObject[]> {
  return objectsOf(await render(values));
}

/** The workload of one component (a service's Deployment, or the migrate/topics Job). */
export function workloadOf(
  objects: KubeObject[],
  kind: 'Deployment' | 'Job',
  component: string,
): KubeObject | undefined {
  return objectsOfKind(objects, kind).find(
    (object) => object.metadata?.labels?.['app.kubernetes.io/component'] === component,
  );
}

export function containerOf(workload: KubeObject | undefined): Container {
  const container = workload === undefined ? undefined : podTemplateOf(workload)?.spec.containers[0];
  if (container === undefined) throw new Error('workload has no container');
  return container;
}

export function environmentOf(
  objects: KubeObject[],
  kind: 'Deployment' | 'Job',
  component: string,
  scenario?: Scenario,
): ResolvedEnvironment {
  return resolveEnvironment(
    containerOf(workloadOf(objects, kind, component)),
    objects,
    scenario?.externalSecrets,
  );
}
