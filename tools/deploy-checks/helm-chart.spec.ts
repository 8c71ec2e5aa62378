/**
 * The Helm chart (deploy/helm/hookline), rendered by the real Helm (`helm template`, helm/helm.ts) for
 * several value sets: the result must be Kubernetes objects valid by the API schemas whose references
 * resolve, giving each service every setting its config class reads (derived from the class, not listed
 * here) with values that pass that service's own validation.
 */
import { ConfigError, CommonEnv, loadEnv } from '@hookline/config';
import type { ClassConstructor } from 'class-transformer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  CHART_DIR,
  environmentOf,
  FULL_VALUES,
  MINIMAL_VALUES,
  RELEASE,
  render,
  renderObjects,
  SCENARIOS,
  SECRET_VALUES,
  SERVICE_DATABASE_URLS,
  useRealHelm,
  workloadOf,
  containerOf,
  type Scenario,
} from './chart-fixtures';
import { mergeValues } from './chart-values';
import { objectProblems } from './kubernetes-object-checks';
import { schemaProblems } from './kubernetes-schema';
import {
  findObject,
  hookOf,
  idOf,
  matchesSelector,
  objectsOfKind,
  podTemplateOf,
  type KubeObject,
} from './kubernetes-objects';
import { parseRuntimeRoles } from '../migrate/runtime-roles';
import { referenceProblems } from './release-reference-checks';
import { BACKEND_SERVICES, requiredWithoutDefault, SERVICES, settingsOf, TOOLS } from './service-settings';

/** Everything wrong with what one process gets: settings its class reads that are unset, and invalid ones. */
function settingProblems(
  env: Record<string, string>,
  schema: ClassConstructor<object>,
  who: string,
  notApplicable: string[] = [],
): string[] {
  const problems = settingsOf(schema)
    .filter((setting) => !(setting in env) && !notApplicable.includes(setting))
    .map((setting) => `${who}: ${setting} is read by ${schema.name} but not set by the chart`);
  try {
    loadEnv(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => `${who}: ${problem}`));
  }
  return problems;
}

/** Variables the chart gives a service that its config class does not read (a typo, or a removed setting). */
function unreadSettings(objects: KubeObject[], scenario?: Scenario): string[] {
  // OpenTelemetry's SDK reads the standard OTEL_* variables itself (libs/observability start-tracing).
  const sdk = /^OTEL_[A-Z_]+$/;
  return SERVICES.flatMap(({ name, schema }) => {
    const reads = new Set([...settingsOf(schema), 'SERVICE']);
    const { env } = environmentOf(objects, 'Deployment', name, scenario);
    return Object.keys(env)
      .filter((key) => !reads.has(key) && !sdk.test(key))
      .map((key) => `${name}: ${key}`);
  });
}

useRealHelm();

const scenarioCases = SCENARIOS.map((scenario) => ({ scenario, name: scenario.name }));
const serviceCases = SCENARIOS.flatMap((scenario) =>
  SERVICES.map((service) => ({
    scenario,
    service: service.name,
    schema: service.schema,
    label: scenario.name,
  })),
);

describe('Helm chart: rendered release', () => {
  it.each(scenarioCases)(
    'renders "$name" to valid Kubernetes objects whose references all resolve',
    async ({ scenario }) => {
      const objects = await renderObjects(scenario.values);
      expect(schemaProblems(objects)).toEqual([]);
      expect(objectProblems(objects)).toEqual([]);
      expect(referenceProblems(objects, scenario)).toEqual([]);
      const kinds = new Set(objects.map((object) => String(object.kind)));
      expect([...kinds]).toEqual(
        expect.arrayContaining(['Deployment', 'Service', 'ConfigMap', 'PodDisruptionBudget']),
      );
    },
  );

  it('renders the optional parts when they are on', async () => {
    const objects = await renderObjects(FULL_VALUES);
    const count = (kind: string): number => objectsOfKind(objects, kind).length;
    expect({
      hpa: count('HorizontalPodAutoscaler'),
      ingress: count('Ingress'),
      monitor: count('ServiceMonitor'),
      rules: count('PrometheusRule'),
    }).toEqual({
      hpa: SERVICES.length,
      ingress: 1,
      monitor: 1,
      rules: 1,
    });
  });

  it('ships the alert rules file unchanged as a PrometheusRule, over series labelled by service', async () => {
    const objects = await renderObjects(FULL_VALUES);
    const [rule] = objectsOfKind(objects, 'PrometheusRule');
    const file = parse(readFileSync(join(CHART_DIR, 'alerts', 'hookline.rules.yaml'), 'utf8')) as unknown;
    expect(rule.spec).toEqual(file);
    const [monitor] = objectsOfKind(objects, 'ServiceMonitor');
    const endpoints = (monitor.spec as { endpoints: { relabelings?: unknown[] }[] }).endpoints;
    expect(endpoints[0].relabelings).toEqual([
      {
        sourceLabels: ['__meta_kubernetes_service_label_app_kubernetes_io_component'],
        targetLabel: 'service',
      },
    ]);
    expect(objectsOfKind(await renderObjects(MINIMAL_VALUES), 'PrometheusRule')).toEqual([]);
  });

  it.each(serviceCases)(
    "gives $service every setting its config class reads, valid by the service's own validation ($label)",
    async ({ scenario, service, schema }) => {
      const objects = await renderObjects(scenario.values);
      const { env, problems } = environmentOf(objects, 'Deployment', service, scenario);
      expect(problems).toEqual([]);
      expect(settingProblems(env, schema, service)).toEqual([]);
      expect(env.SERVICE).toBe(service);
    },
  );

  it.each(scenarioCases)(
    'sets nothing a service does not read, so a misspelt setting cannot go unnoticed ($name)',
    async ({ scenario }) => {
      expect(unreadSettings(await renderObjects(scenario.values), scenario)).toEqual([]);
    },
  );

  it('reports a setting no service reads (the check can fail)', async () => {
    const typo = { services: { delivery: { config: { DELIVERY_TIMEOUT_MSS: '1000' } } } };
    expect(unreadSettings(await renderObjects(mergeValues(MINIMAL_VALUES, typo)))).toEqual([
      'delivery: DELIVERY_TIMEOUT_MSS',
    ]);
  });

  it('derives the settings from the config classes (guards against a vacuous check)', async () => {
    expect(settingsOf(SERVICES[0].schema)).toEqual(
      expect.arrayContaining(['INGEST_TOKENS', 'KAFKA_BROKERS', 'DATABASE_URL']),
    );
    expect(requiredWithoutDefault(SERVICES[1].schema)).toEqual(
      expect.arrayContaining(['OPERATOR_TOKENS', 'SECRET_ENCRYPTION_KEYS']),
    );
    // A setting the chart does not set is reported by name.
    const objects = await renderObjects(MINIMAL_VALUES);
    const { env } = environmentOf(objects, 'Deployment', 'delivery');
    delete env.DELIVERY_TIMEOUT_MS;
    env.SECRET_ENCRYPTION_KEYS = 'k1:not-32-bytes';
    const problems = settingProblems(env, SERVICES[2].schema, 'delivery');
    expect(problems).toContain(
      'delivery: DELIVERY_TIMEOUT_MS is read by DeliveryEnv but not set by the chart',
    );
    expect(problems.join('\n')).toContain('delivery: SECRET_ENCRYPTION_KEYS');
  });

  it('keeps every development-only egress switch off by default (loopback, http, a private range)', async () => {
    const objects = await renderObjects(MINIMAL_VALUES);
    const subscription = environmentOf(objects, 'Deployment', 'subscription').env;
    const delivery = environmentOf(objects, 'Deployment', 'delivery').env;
    expect({
      ALLOW_HTTP_ENDPOINTS: subscription.ALLOW_HTTP_ENDPOINTS,
      ALLOW_LOOPBACK_ENDPOINTS: subscription.ALLOW_LOOPBACK_ENDPOINTS,
      ALLOW_PRIVATE_RANGE_ENDPOINTS: subscription.ALLOW_PRIVATE_RANGE_ENDPOINTS,
      DELIVERY_ALLOW_LOOPBACK: delivery.DELIVERY_ALLOW_LOOPBACK,
      DELIVERY_ALLOW_PRIVATE_RANGE: delivery.DELIVERY_ALLOW_PRIVATE_RANGE,
    }).toEqual({
      ALLOW_HTTP_ENDPOINTS: 'false',
      ALLOW_LOOPBACK_ENDPOINTS: 'false',
      ALLOW_PRIVATE_RANGE_ENDPOINTS: '',
      DELIVERY_ALLOW_LOOPBACK: 'false',
      DELIVERY_ALLOW_PRIVATE_RANGE: '',
    });
  });

  it("points the console at the release's four Services, and has it forward the operator API exactly when the Ingress routes it", async () => {
    for (const exposeOperatorApi of [false, true]) {
      const objects = await renderObjects(mergeValues(FULL_VALUES, { ingress: { exposeOperatorApi } }));
      const { env, fromSecrets } = environmentOf(objects, 'Deployment', 'console');
      expect(env.CONSOLE_EXPOSE_OPERATOR_API).toBe(String(exposeOperatorApi));
      // No database secret, no Kafka password: the console holds no connection of its own.
      expect([...fromSecrets]).toEqual([]);
      for (const { name } of BACKEND_SERVICES) {
        const url = new URL(env[`CONSOLE_${name.toUpperCase()}_URL`]);
        const [serviceName, namespace] = url.hostname.split('.');
        const service = findObject(objects, 'Service', serviceName);
        const ports = (service?.spec as { ports?: { port: number }[] } | undefined)?.ports ?? [];
        expect({
          name,
          component: service?.metadata?.labels?.['app.kubernetes.io/component'],
          namespace,
          port: ports.some((port) => port.port === Number(url.port)),
        }).toEqual({ name, component: name, namespace: RELEASE.namespace, port: true });
      }
    }
    // A URL given in config wins over the release's Service.
    const elsewhere = {
      services: { console: { config: { CONSOLE_HEALTH_URL: 'http://health.other:3004' } } },
    };
    const objects = await renderObjects(mergeValues(MINIMAL_VALUES, elsewhere));
    expect(environmentOf(objects, 'Deployment', 'console').env.CONSOLE_HEALTH_URL).toBe(
      'http://health.other:3004',
    );
  });

  it.each(SERVICES)('listens where its Service and probes point: $name on its PORT', async ({ name }) => {
    const objects = await renderObjects(MINIMAL_VALUES);
    const { env } = environmentOf(objects, 'Deployment', name);
    const container = containerOf(workloadOf(objects, 'Deployment', name));
    expect(container.ports).toEqual([{ name: 'http', containerPort: Number(env.PORT), protocol: 'TCP' }]);
    expect(env.HOST).toBe('0.0.0.0');
  });
});

describe('Helm chart: secrets', () => {
  it.each(scenarioCases)(
    'hands each service only secrets its config class reads, never through a ConfigMap ($name)',
    async ({ scenario }) => {
      const objects = await renderObjects(scenario.values);
      const problems: string[] = [];
      const secretSettings = new Set<string>();
      for (const { name, schema } of SERVICES) {
        const { fromSecrets } = environmentOf(objects, 'Deployment', name, scenario);
        const reads = new Set(settingsOf(schema));
        for (const setting of fromSecrets) {
          secretSettings.add(setting);
          if (!reads.has(setting)) problems.push(`${name} gets ${setting}, which it does not read`);
        }
      }
      for (const configMap of objectsOfKind(objects, 'ConfigMap')) {
        const keys = Object.keys((configMap as { data?: object }).data ?? {});
        problems.push(
          ...keys.filter((key) => secretSettings.has(key)).map((key) => `${idOf(configMap)} holds ${key}`),
        );
      }
      expect(problems).toEqual([]);
      expect([...secretSettings]).toEqual(
        expect.arrayContaining([
          'DATABASE_URL',
          'INGEST_TOKENS',
          'OPERATOR_TOKENS',
          'SECRET_ENCRYPTION_KEYS',
        ]),
      );
    },
  );

  it.each(scenarioCases)(
    'writes no secret value in plain text into any manifest ($name)',
    async ({ scenario }) => {
      const chart = await render(scenario.values);
      const leaks = chart.manifests.flatMap((manifest) =>
        Object.entries(SECRET_VALUES)
          .filter(([, value]) => value.split(',').some((part) => manifest.text.includes(part)))
          .map(([entry]) => `${manifest.file} contains secrets.${entry}`),
      );
      expect(leaks).toEqual([]);
    },
  );

  it('creates no Secret of its own when existing Secrets provide every value', async () => {
    const existing = SCENARIOS.find((scenario) => scenario.name === 'existing Secrets')!;
    expect(objectsOfKind(await renderObjects(existing.values), 'Secret')).toEqual([]);
  });

  it.each([
    ['ingestTokens', /secrets\.ingestTokens\.value is required/],
    ['databaseUrl', /secrets\.databaseUrl\.value is required/],
    ['secretEncryptionKeys', /secrets\.secretEncryptionKeys\.value is required/],
  ])('refuses to render without secrets.%s, naming it', async (entry, message) => {
    await expect(
      render(mergeValues(MINIMAL_VALUES, { secrets: { [entry]: { value: '' } } })),
    ).rejects.toThrow(message);
  });

  it('requires the SASL password only when SASL is on, and the brokers always', async () => {
    const sasl = { kafka: { sasl: { mechanism: 'scram-sha-256', username: 'u' } } };
    await expect(render(mergeValues(MINIMAL_VALUES, sasl))).rejects.toThrow(
      /secrets\.kafkaSaslPassword\.value is required/,
    );
    await expect(render(mergeValues(MINIMAL_VALUES, { kafka: { brokers: '' } }))).rejects.toThrow(
      /kafka\.brokers is required/,
    );
  });

  it('rolls the pods when a setting or a secret changes', async () => {
    const annotations = async (values: Record<string, unknown>): Promise<Record<string, string>> => {
      const deployment = workloadOf(await renderObjects(values), 'Deployment', 'producer')!;
      return podTemplateOf(deployment)!.metadata!.annotations!;
    };
    const before = await annotations(MINIMAL_VALUES);
    const setting = await annotations(
      mergeValues(MINIMAL_VALUES, { services: { producer: { config: { INGEST_BODY_LIMIT: '1mb' } } } }),
    );
    const secret = await annotations(
      mergeValues(MINIMAL_VALUES, { secrets: { ingestTokens: { value: 'another-ingest-token' } } }),
    );
    expect(setting['checksum/config']).not.toBe(before['checksum/config']);
    expect(secret['checksum/secret']).not.toBe(before['checksum/secret']);
    expect(secret['checksum/config']).toBe(before['checksum/config']);
  });
});

describe('Helm chart: migration and topic jobs', () => {
  const jobCases = scenarioCases.filter(({ name }) => name !== 'jobs off');

  it.each(jobCases)(
    'runs migrate.js, then create-topics.js, as pre-install/pre-upgrade hooks ($name)',
    async ({ scenario }) => {
      const objects = await renderObjects(scenario.values);
      const migrate = workloadOf(objects, 'Job', 'migrate')!;
      const topics = workloadOf(objects, 'Job', 'topics')!;
      expect(containerOf(migrate).command).toEqual(['node', 'dist/tools/migrate.js']);
      expect(containerOf(topics).command).toEqual(['node', 'dist/tools/create-topics.js']);
      for (const job of [migrate, topics])
        expect(hookOf(job)?.events).toEqual(['pre-install', 'pre-upgrade']);
      expect(hookOf(migrate)!.weight).toBeLessThan(hookOf(topics)!.weight);
      expect(podTemplateOf(migrate)?.spec.restartPolicy).toBe('Never');
    },
  );

  it.each(
    jobCases.flatMap(({ scenario, name }) =>
      TOOLS.map((tool) => ({ scenario, tool: tool.name, reader: tool, name })),
    ),
  )(
    'gives the $tool job every setting it reads, valid by its own validation ($name)',
    async ({ scenario, tool, reader }) => {
      const { env, problems } = environmentOf(await renderObjects(scenario.values), 'Job', tool, scenario);
      expect(problems).toEqual([]);
      expect(settingProblems(env, reader.schema, tool, reader.notApplicable)).toEqual([]);
      expect(settingsOf(reader.schema)).toEqual(expect.arrayContaining(settingsOf(CommonEnv)));
    },
  );

  it.each(jobCases)(
    "creates delivery's retry-tier topics from delivery's own schedule ($name)",
    async ({ scenario }) => {
      const objects = await renderObjects(scenario.values);
      const topics = environmentOf(objects, 'Job', 'topics', scenario).env;
      const delivery = environmentOf(objects, 'Deployment', 'delivery', scenario).env;
      expect(topics.DELIVERY_RETRY_SCHEDULE).toBeDefined();
      expect(topics.DELIVERY_RETRY_SCHEDULE).toBe(delivery.DELIVERY_RETRY_SCHEDULE);
    },
  );

  it('starts services without migrating or creating topics when the jobs do it, and with it when they are off', async () => {
    const flags = async (scenario: Scenario): Promise<Record<string, string | undefined>[]> => {
      const objects = await renderObjects(scenario.values);
      return BACKEND_SERVICES.map(({ name }) => {
        const { env } = environmentOf(objects, 'Deployment', name, scenario);
        return {
          DATABASE_MIGRATE_ON_START: env.DATABASE_MIGRATE_ON_START,
          KAFKA_CREATE_TOPICS: env.KAFKA_CREATE_TOPICS,
        };
      });
    };
    const withJobs = { DATABASE_MIGRATE_ON_START: 'false', KAFKA_CREATE_TOPICS: 'false' };
    const withoutJobs = { DATABASE_MIGRATE_ON_START: 'true', KAFKA_CREATE_TOPICS: 'true' };
    expect(await flags(SCENARIOS[0])).toEqual(BACKEND_SERVICES.map(() => withJobs));
    const jobsOff = SCENARIOS.find((scenario) => scenario.name === 'jobs off')!;
    expect(await flags(jobsOff)).toEqual(BACKEND_SERVICES.map(() => withoutJobs));
    expect(objectsOfKind(await renderObjects(jobsOff.values), 'Job')).toEqual([]);
  });
});

describe('Helm chart: pods and scaling', () => {
  const deployments = async (values: Record<string, unknown>): Promise<KubeObject[]> =>
    objectsOfKind(await renderObjects(values), 'Deployment');

  it('runs every pod as a non-root user with a read-only root filesystem and no capabilities', async () => {
    const problems = (await renderObjects(FULL_VALUES)).flatMap((object) => {
      const template = podTemplateOf(object);
      if (template === undefined) return [];
      const pod = template.spec.securityContext ?? {};
      const container = template.spec.containers[0].securityContext ?? {};
      const ok =
        pod.runAsNonRoot === true &&
        typeof pod.runAsUser === 'number' &&
        pod.runAsUser > 0 &&
        container.readOnlyRootFilesystem === true &&
        container.allowPrivilegeEscalation === false &&
        JSON.stringify(container.capabilities) === JSON.stringify({ drop: ['ALL'] });
      return ok ? [] : [idOf(object)];
    });
    expect(problems).toEqual([]);
  });

  it('probes liveness on /healthz and readiness on /readyz, and gives every Deployment a PodDisruptionBudget', async () => {
    const objects = await renderObjects(MINIMAL_VALUES);
    for (const deployment of objectsOfKind(objects, 'Deployment')) {
      const container = containerOf(deployment);
      expect({
        id: idOf(deployment),
        liveness: container.livenessProbe?.httpGet?.path,
        readiness: container.readinessProbe?.httpGet?.path,
        startup: container.startupProbe?.httpGet?.path,
      }).toEqual({ id: idOf(deployment), liveness: '/healthz', readiness: '/readyz', startup: '/healthz' });
    }
    expect(objectsOfKind(objects, 'PodDisruptionBudget')).toHaveLength(SERVICES.length);
  });

  it('gives every service more grace than its preStop sleep, and delivery more than its drain can take', async () => {
    const objects = await renderObjects(MINIMAL_VALUES);
    const graceAndSleep = (deployment: KubeObject): [number, number] => [
      (podTemplateOf(deployment)?.spec.terminationGracePeriodSeconds ?? 30) * 1000,
      Number(containerOf(deployment).lifecycle?.preStop?.exec?.command?.[1] ?? 0) * 1000,
    ];
    for (const deployment of objectsOfKind(objects, 'Deployment')) {
      const [grace, sleep] = graceAndSleep(deployment);
      expect({ id: idOf(deployment), enough: grace > sleep }).toEqual({ id: idOf(deployment), enough: true });
    }
    // After the preStop sleep, SIGTERM: attempts in flight (at most DELIVERY_TIMEOUT_MS each) get
    // DELIVERY_SHUTDOWN_GRACE_MS, then offsets are committed and the consumer leaves (a few seconds).
    const [grace, sleep] = graceAndSleep(workloadOf(objects, 'Deployment', 'delivery')!);
    const { env } = environmentOf(objects, 'Deployment', 'delivery');
    const drain = Math.max(Number(env.DELIVERY_TIMEOUT_MS), Number(env.DELIVERY_SHUTDOWN_GRACE_MS ?? 0));
    expect(grace).toBeGreaterThanOrEqual(sleep + drain + 5_000);
  });

  it('scales delivery and health up to the partition count by default, and producer and subscription freely', async () => {
    const objects = await renderObjects(FULL_VALUES);
    const max = Object.fromEntries(
      objectsOfKind(objects, 'HorizontalPodAutoscaler').map((hpa) => [
        hpa.metadata?.labels?.['app.kubernetes.io/component'],
        (hpa.spec as { maxReplicas: number }).maxReplicas,
      ]),
    );
    expect(max).toEqual({ console: 4, delivery: 12, health: 12, producer: 10, subscription: 6 });
    expect(
      (await deployments(FULL_VALUES)).map(
        (deployment) => (deployment.spec as { replicas?: number }).replicas,
      ),
    ).toEqual(SERVICES.map(() => undefined));
  });

  it.each(['delivery', 'health'])(
    'refuses more %s replicas than Kafka partitions, fixed or autoscaled',
    async (service) => {
      const fixed = { kafka: { partitions: 4 }, services: { [service]: { replicas: 5 } } };
      await expect(render(mergeValues(MINIMAL_VALUES, fixed))).rejects.toThrow(
        /exceeds kafka\.partitions \(4\)/,
      );
      const autoscaled = {
        kafka: { partitions: 4 },
        services: { [service]: { autoscaling: { enabled: true, maxReplicas: 8 } } },
      };
      await expect(render(mergeValues(MINIMAL_VALUES, autoscaled))).rejects.toThrow(
        /maxReplicas \(8\) exceeds kafka\.partitions \(4\)/,
      );
      // The producer is not bound by partitions.
      await expect(
        render(
          mergeValues(MINIMAL_VALUES, {
            kafka: { partitions: 1 },
            services: { producer: { replicas: 5 }, delivery: { replicas: 1 }, health: { replicas: 1 } },
          }),
        ),
      ).resolves.toBeDefined();
    },
  );

  it('catches what a lenient apply would drop: an unknown field, a dangling Secret key, a hook using release resources', async () => {
    const objects = structuredClone(await renderObjects(MINIMAL_VALUES));
    const producer = containerOf(workloadOf(objects, 'Deployment', 'producer')) as unknown as Record<
      string,
      unknown
    >;
    producer.livenesProbe = producer.livenessProbe;
    const delivery = containerOf(workloadOf(objects, 'Deployment', 'delivery'));
    delivery.env!.find(
      (variable) => variable.name === 'SECRET_ENCRYPTION_KEYS',
    )!.valueFrom!.secretKeyRef!.key = 'TYPO';
    const migrate = containerOf(workloadOf(objects, 'Job', 'migrate'));
    migrate.envFrom = [{ configMapRef: { name: 'hookline-producer' } }];
    const problems = [...objectProblems(objects), ...referenceProblems(objects)].join('\n');
    expect(problems).toContain('unknown field "livenesProbe"');
    expect(problems).toContain('SECRET_ENCRYPTION_KEYS reads Secret hookline key TYPO, which does not exist');
    expect(problems).toContain(
      'Job/hookline-migrate runs as a hook before ConfigMap hookline-producer is created',
    );
    expect(stringify(objects).length).toBeGreaterThan(0);
  });
});

describe('Helm chart: least privilege', () => {
  const leastPrivilege = SCENARIOS.find((scenario) => scenario.name === 'least privilege')!;

  it('runs each service as its own Postgres role, and the migration job as the migration role that grants them', async () => {
    const objects = await renderObjects(leastPrivilege.values);
    for (const { name } of BACKEND_SERVICES)
      expect(environmentOf(objects, 'Deployment', name).env.DATABASE_URL).toBe(SERVICE_DATABASE_URLS[name]);
    expect(environmentOf(objects, 'Deployment', 'console').env.DATABASE_URL).toBeUndefined();
    const migrate = environmentOf(objects, 'Job', 'migrate').env;
    expect(migrate.DATABASE_URL).toBe(SECRET_VALUES.databaseUrl);
    const roles = parseRuntimeRoles(
      migrate.DATABASE_RUNTIME_ROLES,
      BACKEND_SERVICES.map((service) => service.name),
    );
    expect(Object.fromEntries(roles)).toEqual({
      producer: 'producer_app',
      subscription: 'subscription_app',
      delivery: 'delivery_app',
      health: 'health_app',
    });
    const shared = await renderObjects(MINIMAL_VALUES);
    expect(environmentOf(shared, 'Job', 'migrate').env.DATABASE_RUNTIME_ROLES).toBe('');
  });

  it('gives each service its own Kafka principal, and the topics job the admin one', async () => {
    const objects = await renderObjects(leastPrivilege.values);
    for (const { name } of BACKEND_SERVICES) {
      const { env, problems } = environmentOf(objects, 'Deployment', name);
      expect(problems).toEqual([]);
      expect([env.KAFKA_SASL_USERNAME, env.KAFKA_SASL_PASSWORD]).toEqual([
        `hookline-${name}`,
        `chart-check-kafka-${name}-password`,
      ]);
    }
    const topics = environmentOf(objects, 'Job', 'topics').env;
    expect([topics.KAFKA_SASL_USERNAME, topics.KAFKA_SASL_PASSWORD]).toEqual([
      'hookline-admin',
      SECRET_VALUES.kafkaSaslPassword,
    ]);
  });

  it('puts every pod under a NetworkPolicy for both directions; only delivery and subscription reach public addresses', async () => {
    const objects = await renderObjects(leastPrivilege.values);
    type Policy = {
      podSelector: { matchLabels: Record<string, string> };
      policyTypes: string[];
      ingress: { from?: unknown[]; ports?: { port: number }[] }[];
      egress: { to?: { ipBlock?: { cidr: string; except: string[] } }[] }[];
    };
    const policies = objectsOfKind(objects, 'NetworkPolicy').map((object) => ({
      name: String(object.metadata?.name),
      spec: object.spec as Policy,
    }));
    const pods = objects.flatMap((object) => {
      const template = podTemplateOf(object);
      return template === undefined ? [] : [{ id: idOf(object), labels: template.metadata?.labels ?? {} }];
    });
    expect(pods.length).toBe(SERVICES.length + 2);
    for (const pod of pods) {
      const selecting = policies.filter((policy) =>
        Object.entries(policy.spec.podSelector.matchLabels).every(
          ([key, value]) => pod.labels[key] === value,
        ),
      );
      expect({ pod: pod.id, policies: selecting.length }).toEqual({ pod: pod.id, policies: 1 });
      expect(selecting[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const publicEgress = policies
      .filter((policy) =>
        policy.spec.egress.some((rule) => rule.to?.some((peer) => peer.ipBlock?.cidr === '0.0.0.0/0')),
      )
      .map((policy) => policy.name);
    expect(publicEgress.sort()).toEqual(['hookline-delivery', 'hookline-subscription']);
    const delivery = policies.find((policy) => policy.name === 'hookline-delivery')!.spec;
    const block = delivery.egress
      .flatMap((rule) => rule.to ?? [])
      .find((peer) => peer.ipBlock?.cidr === '0.0.0.0/0');
    expect(block?.ipBlock?.except).toEqual(
      expect.arrayContaining(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']),
    );
    const apiAndMetrics = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gateways' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ];
    const consolePods = {
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'hookline',
          'app.kubernetes.io/instance': 'hookline',
          'app.kubernetes.io/component': 'console',
        },
      },
    };
    expect(delivery.ingress).toEqual([
      { ports: [{ port: 3003, protocol: 'TCP' }], from: apiAndMetrics },
      { ports: [{ port: 3003, protocol: 'TCP' }], from: [consolePods] },
    ]);
    const consolePolicy = policies.find((policy) => policy.name === 'hookline-console')!.spec;
    expect(consolePolicy.ingress).toEqual([
      { ports: [{ port: 8080, protocol: 'TCP' }], from: apiAndMetrics },
    ]);
    expect(policies.find((policy) => policy.name === 'hookline-jobs')!.spec.ingress).toEqual([]);
    expect(objectsOfKind(await renderObjects(MINIMAL_VALUES), 'NetworkPolicy')).toEqual([]);
  });

  it("lets the console reach each service's HTTP port and no Kafka or Postgres, and each service admit it", async () => {
    const objects = await renderObjects(leastPrivilege.values);
    type Peer = { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown };
    type Rule = { ports?: { port: number }[]; from?: Peer[]; to?: Peer[] };
    type Spec = { podSelector: { matchLabels: Record<string, string> }; ingress: Rule[]; egress: Rule[] };
    const policyOf = (component: string): Spec =>
      objectsOfKind(objects, 'NetworkPolicy')
        .map((object) => object.spec as Spec)
        .find((spec) => spec.podSelector.matchLabels['app.kubernetes.io/component'] === component)!;
    const podLabels = (component: string): Record<string, string> =>
      podTemplateOf(workloadOf(objects, 'Deployment', component)!)!.metadata!.labels!;
    // Whether a rule list lets this release's pods with `labels` through on `port` (peers of this namespace).
    const allows = (
      rules: Rule[],
      side: 'from' | 'to',
      labels: Record<string, string>,
      port: number,
    ): boolean =>
      rules.some(
        (rule) =>
          (rule.ports === undefined || rule.ports.some((candidate) => candidate.port === port)) &&
          (rule[side] === undefined ||
            rule[side].some(
              (peer) =>
                peer.namespaceSelector === undefined &&
                peer.podSelector !== undefined &&
                matchesSelector(labels, peer.podSelector.matchLabels ?? {}),
            )),
      );
    const consolePolicy = policyOf('console');
    for (const { name, port } of BACKEND_SERVICES) {
      expect({
        name,
        reaches: allows(consolePolicy.egress, 'to', podLabels(name), port),
        admitted: allows(policyOf(name).ingress, 'from', podLabels('console'), port),
      }).toEqual({ name, reaches: true, admitted: true });
    }
    const kafkaOrPostgres = consolePolicy.egress.filter(
      (rule) => rule.ports === undefined || rule.ports.some(({ port }) => port === 9092 || port === 5432),
    );
    expect(kafkaOrPostgres).toEqual([]);
    // The check can fail: delivery admits no producer pod, and reaches no console pod.
    expect(allows(policyOf('delivery').ingress, 'from', podLabels('producer'), 3003)).toBe(false);
    expect(allows(policyOf('delivery').egress, 'to', podLabels('console'), 8080)).toBe(false);
  });

  it('sends the HTTPRoute to Services and ports that exist', async () => {
    const objects = await renderObjects(leastPrivilege.values);
    const [route] = objectsOfKind(objects, 'HTTPRoute');
    const backends = (
      route.spec as { rules: { backendRefs: { name: string; port: number }[] }[] }
    ).rules.flatMap((rule) => rule.backendRefs);
    expect(backends.length).toBeGreaterThan(5);
    for (const backend of backends) {
      const service = objectsOfKind(objects, 'Service').find(
        (object) => object.metadata?.name === backend.name,
      );
      expect((service?.spec as { ports: { port: number }[] }).ports.map((port) => port.port)).toContain(
        backend.port,
      );
    }
    await expect(render(mergeValues(leastPrivilege.values, { gateway: { parentRefs: [] } }))).rejects.toThrow(
      /gateway\.parentRefs is required/,
    );
  });
});
