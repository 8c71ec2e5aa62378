/**
 * Checks docker-compose.yml without Docker: images pinned, the startup order (`init` before the services),
 * healthchecks, and above all that each service's compose environment passes that service's own config
 * validation, so a service cannot start in compose and die on a missing or malformed variable. The required
 * variables are derived from the config classes, not listed here. Also: the Dockerfile's base image and
 * PID 1. (docs/operations.md lists every setting; tools/docs/settings-reference.spec.ts checks that.)
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parse } from 'yaml';
import { ConfigError, loadEnv } from '@hookline/config';
import { ConsoleEnv } from '../../apps/console/src/config/console.config';
import { DeliveryEnv } from '../../apps/delivery/src/config/delivery.config';
import { HealthEnv } from '../../apps/health/src/config/health.config';
import { ProducerEnv } from '../../apps/producer/src/config/producer.config';
import { SubscriptionEnv } from '../../apps/subscription/src/config/subscription.config';
import { DEFAULT_KAFKA_VERSION } from '../local-kafka/local-kafka';

const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  ports?: (string | number | { target?: number; published?: string | number })[];
  profiles?: string[];
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

const SERVICES: { name: string; schema: ClassConstructor<object>; port: number }[] = [
  { name: 'producer', schema: ProducerEnv, port: 3001 },
  { name: 'subscription', schema: SubscriptionEnv, port: 3002 },
  { name: 'delivery', schema: DeliveryEnv, port: 3003 },
  { name: 'health', schema: HealthEnv, port: 3004 },
  { name: 'console', schema: ConsoleEnv, port: 8080 },
];

function loadCompose(): ComposeFile {
  // `merge: true`: the file shares settings through YAML merge keys (`<<: *hookline-env`), as Compose does.
  return parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
}

function serviceNamed(compose: ComposeFile, name: string): ComposeService {
  const service = compose.services[name] as ComposeService | undefined;
  if (service === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return service;
}

/**
 * Compose interpolation as a fresh checkout without a `.env` sees it: `${VAR:-default}` and `${VAR-default}`
 * become the default, `${VAR}` and `$VAR` become empty, `$$` is a literal `$`, and `${VAR:?message}` fails.
 */
function withDefaults(value: string): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match: string, name?: string, operator?: string, argument?: string) => {
      if (match === '$$') return '$';
      if (operator?.endsWith('?')) throw new Error(`\${${name}} is required (${argument ?? ''})`);
      return operator?.endsWith('-') ? (argument ?? '') : '';
    },
  );
}

/** A service's environment as the container gets it: merged, interpolated, every value a string. */
function environmentOf(service: ComposeService): Record<string, string> {
  const raw = service.environment ?? {};
  const entries: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => {
        const at = line.indexOf('=');
        return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(raw).map(([key, value]) => [key, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([key, value]) => [key, withDefaults(value)]));
}

/** Settings a config class declares without a default: validating an empty environment names exactly those. */
function requiredWithoutDefault(schema: ClassConstructor<object>): string[] {
  const blank = plainToInstance(schema, {}, { exposeDefaultValues: true });
  return validateSync(blank, { forbidUnknownValues: true })
    .map((error) => error.property)
    .sort();
}

/** Everything wrong with one service's compose environment, as readable lines (empty when it is fine). */
function environmentProblems(compose: ComposeFile, name: string, schema: ClassConstructor<object>): string[] {
  const env = environmentOf(serviceNamed(compose, name));
  const problems = requiredWithoutDefault(schema)
    .filter((key) => (env[key] ?? '') === '')
    .map(
      (key) => `${name}: ${key} is required by ${schema.name} (no default) but not set in docker-compose.yml`,
    );
  try {
    // The same parsing and validation the service runs at boot (numbers, booleans, class-validator).
    loadEnv(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => `${name}: ${problem}`));
  }
  return problems;
}

function dependencyCondition(service: ComposeService, dependency: string): string | undefined {
  const dependsOn = service.depends_on;
  if (dependsOn === undefined) return undefined;
  // The short list form means `service_started`.
  if (Array.isArray(dependsOn)) return dependsOn.includes(dependency) ? 'service_started' : undefined;
  const entry = dependsOn[dependency];
  return entry === undefined ? undefined : (entry.condition ?? 'service_started');
}

function publishedContainerPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return Number(port.target);
    // [ip:][host:]container[/protocol]
    const container = String(port).split('/')[0]?.split(':').pop();
    return Number(container);
  });
}

/** Images pulled from a registry need an exact version: name:1.2.3[-variant] (at least major.minor) or a digest. */
function unpinnedReason(image: string, builtHere: boolean): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return 'has no tag (means :latest)';
  const tag = image.slice(colon + 1);
  if (tag === 'latest') return 'uses :latest';
  if (builtHere) return undefined;
  if (!/^v?\d+(\.\d+)+(-[A-Za-z0-9.]+)*$/.test(tag)) return `tag "${tag}" is not an exact version`;
  return undefined;
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('defines the infrastructure, init, the four services and the console', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['kafka', 'postgres', 'init', ...SERVICES.map((s) => s.name)]),
    );
  });

  it("pins every image to an exact version, and Kafka to the local broker's version", () => {
    const builtImages = new Set(
      Object.values(services)
        .filter((service) => service.build !== undefined && service.image !== undefined)
        .map((service) => withDefaults(service.image ?? '')),
    );
    const problems = Object.entries(services).flatMap(([name, service]) => {
      if (service.image === undefined) return service.build === undefined ? [`${name}: no image`] : [];
      const image = withDefaults(service.image);
      const reason = unpinnedReason(image, builtImages.has(image));
      return reason === undefined ? [] : [`${name}: image ${image} ${reason}`];
    });
    expect(problems).toEqual([]);
    expect(serviceNamed(compose, 'kafka').image).toBe(`apache/kafka:${DEFAULT_KAFKA_VERSION}`);
  });

  it('builds the Hookline image once (init) and runs the services from that same image', () => {
    const init = serviceNamed(compose, 'init');
    expect(init.build).toBeDefined();
    for (const { name } of SERVICES) {
      expect({ name, image: serviceNamed(compose, name).image }).toEqual({ name, image: init.image });
    }
  });

  it('derives required settings from the config classes (guards against a vacuous check)', () => {
    // Known required secrets are found, and settings with defaults are not: new required settings are picked
    // up without editing this file.
    expect(requiredWithoutDefault(ProducerEnv)).toContain('INGEST_TOKENS');
    expect(requiredWithoutDefault(SubscriptionEnv)).toEqual(
      expect.arrayContaining(['OPERATOR_TOKENS', 'SECRET_ENCRYPTION_KEYS']),
    );
    expect(requiredWithoutDefault(DeliveryEnv)).toContain('SECRET_ENCRYPTION_KEYS');
    for (const { schema } of SERVICES) {
      const required = requiredWithoutDefault(schema);
      for (const defaulted of ['KAFKA_BROKERS', 'DATABASE_URL', 'PORT'])
        expect(required).not.toContain(defaulted);
    }
  });

  it.each(SERVICES)("gives $name an environment that passes the service's own config validation", (svc) => {
    expect(environmentProblems(compose, svc.name, svc.schema)).toEqual([]);
  });

  it('reports a required secret that is missing, by service and name', () => {
    const broken = loadCompose();
    const environment = serviceNamed(broken, 'delivery').environment as Record<string, string>;
    delete environment.SECRET_ENCRYPTION_KEYS;
    expect(environmentProblems(broken, 'delivery', DeliveryEnv)).toEqual(
      expect.arrayContaining([
        'delivery: SECRET_ENCRYPTION_KEYS is required by DeliveryEnv (no default) but not set in docker-compose.yml',
      ]),
    );
    // Malformed counts too: a key that is not 32 bytes of base64 fails the service's own validation.
    environment.SECRET_ENCRYPTION_KEYS = 'k1:${SECRET_KEY:-dG9vLXNob3J0}';
    expect(environmentProblems(broken, 'delivery', DeliveryEnv).join('\n')).toContain(
      'delivery: SECRET_ENCRYPTION_KEYS',
    );
  });

  it.each(SERVICES)('runs $name from the shared image as SERVICE=$name on port $port, published', (svc) => {
    const service = serviceNamed(compose, svc.name);
    const env = environmentOf(service);
    expect(service.command).toBeUndefined();
    expect({ SERVICE: env.SERVICE, PORT: env.PORT }).toEqual({ SERVICE: svc.name, PORT: String(svc.port) });
    expect(publishedContainerPorts(service)).toContain(svc.port);
  });

  it('keeps the local-demo relaxations off by default', () => {
    expect(environmentOf(serviceNamed(compose, 'subscription')).ALLOW_HTTP_ENDPOINTS).toBe('false');
    expect(environmentOf(serviceNamed(compose, 'delivery')).DELIVERY_ALLOW_LOOPBACK).toBe('false');
  });

  it('starts each service only after init completed, and init only once Kafka and Postgres are healthy', () => {
    const conditions = Object.fromEntries(
      SERVICES.map(({ name }) => [name, dependencyCondition(serviceNamed(compose, name), 'init')]),
    );
    expect(conditions).toEqual(
      Object.fromEntries(SERVICES.map(({ name }) => [name, 'service_completed_successfully'])),
    );
    expect(dependencyCondition(serviceNamed(compose, 'init'), 'kafka')).toBe('service_healthy');
    expect(dependencyCondition(serviceNamed(compose, 'init'), 'postgres')).toBe('service_healthy');
  });

  it('has init apply the migrations and create the topics', () => {
    const command = [serviceNamed(compose, 'init').command ?? []].flat().join(' ');
    expect(command).toContain('node dist/tools/migrate.js');
    expect(command).toContain('node dist/tools/create-topics.js');
  });

  it('gives Kafka, Postgres and every service a healthcheck', () => {
    const missing = ['kafka', 'postgres', ...SERVICES.map((s) => s.name)].filter((name) => {
      const healthcheck = serviceNamed(compose, name).healthcheck;
      const test = [healthcheck?.test ?? []].flat();
      return healthcheck?.disable === true || test.length === 0 || test[0] === 'NONE';
    });
    expect(missing).toEqual([]);
  });

  it('checks each service on /readyz at its own port', () => {
    for (const { name } of SERVICES) {
      const test = [serviceNamed(compose, name).healthcheck?.test ?? []].flat().join(' ');
      expect({ name, readyz: test.includes('/readyz'), port: test.includes('process.env.PORT') }).toEqual({
        name,
        readyz: true,
        port: true,
      });
    }
  });
});

/** The services of the optional `observability` profile (`docker compose --profile observability up`). */
const OBSERVABILITY = ['otel-collector', 'jaeger', 'prometheus', 'grafana'];

/** Bind mounts of files from the repository (`./path:/in/container[:ro]`); named volumes are left out. */
function fileMounts(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).flatMap((volume) => {
    const [source, target] =
      typeof volume === 'string' ? volume.split(':') : [volume.source ?? '', volume.target ?? ''];
    return source.startsWith('./') ? [{ source: source.slice(2), target }] : [];
  });
}

/** The repository file a service mounts at (or under) a container path, parsed as YAML. */
function mountedYaml<T>(service: ComposeService, target: (path: string) => boolean): T {
  const mount = fileMounts(service).find((candidate) => target(candidate.target));
  if (mount === undefined) throw new Error('no such mount');
  return parse(readFileSync(join(ROOT, mount.source), 'utf8')) as T;
}

describe('docker-compose.yml, observability profile', () => {
  const compose = loadCompose();
  const services = compose.services;

  it('adds the collector, Jaeger, Prometheus and Grafana under the profile, and nothing else', () => {
    const profiled = Object.entries(services)
      .filter(([, service]) => service.profiles !== undefined)
      .map(([name, service]) => ({ name, profiles: service.profiles }));
    expect(profiled).toEqual(OBSERVABILITY.map((name) => ({ name, profiles: ['observability'] })));
    expect(serviceNamed(compose, 'otel-collector').image).toMatch(/^otel\/opentelemetry-collector-contrib:/);
    expect(serviceNamed(compose, 'jaeger').image).toMatch(/^jaegertracing\/all-in-one:/);
  });

  it('mounts only files that exist in the repository', () => {
    const mounts = Object.values(services).flatMap(fileMounts);
    expect(mounts.length).toBeGreaterThanOrEqual(4);
    expect(mounts.filter((mount) => !existsSync(join(ROOT, mount.source)))).toEqual([]);
  });

  it('provisions the repository dashboard and a default Prometheus datasource in Grafana', () => {
    const grafana = serviceNamed(compose, 'grafana');
    const providers = mountedYaml<{ providers: Array<{ type: string; options: { path: string } }> }>(
      grafana,
      (target) => target.startsWith('/etc/grafana/provisioning/dashboards/'),
    ).providers;
    const dashboard = fileMounts(grafana).find(
      (mount) => mount.source === 'deploy/grafana/hookline-overview.json',
    );
    expect(dashboard).toBeDefined();
    const loadedBy = providers.filter(
      (provider) =>
        provider.type === 'file' && posix.dirname(dashboard?.target ?? '') === provider.options.path,
    );
    expect(loadedBy).toHaveLength(1);

    const { datasources } = mountedYaml<{ datasources: Array<Record<string, unknown>> }>(grafana, (target) =>
      target.startsWith('/etc/grafana/provisioning/datasources/'),
    );
    expect(datasources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'prometheus', url: 'http://prometheus:9090', isDefault: true }),
        expect.objectContaining({ type: 'jaeger', url: 'http://jaeger:16686' }),
      ]),
    );
  });

  it('has Prometheus scrape /metrics of the five services at their compose ports', () => {
    const config = mountedYaml<{
      scrape_configs: Array<{ metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
    }>(serviceNamed(compose, 'prometheus'), (target) => target === '/etc/prometheus/prometheus.yml');
    const targets = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) =>
        group.targets.map((target) => ({ target, path: job.metrics_path })),
      ),
    );
    const expected = SERVICES.map(({ name }) => ({
      target: `${name}:${environmentOf(serviceNamed(compose, name)).PORT}`,
      path: '/metrics',
    }));
    expect(targets).toEqual(expect.arrayContaining(expected));
    expect(targets).toHaveLength(expected.length);
  });

  it('exports traces only when OTEL_TRACES_EXPORTER is set, to the collector, which forwards to Jaeger', () => {
    for (const { name } of SERVICES) {
      const env = environmentOf(serviceNamed(compose, name));
      expect({ name, exporter: env.OTEL_TRACES_EXPORTER, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }).toEqual(
        {
          name,
          exporter: 'none',
          endpoint: 'http://otel-collector:4318',
        },
      );
    }
    const collector = mountedYaml<{
      receivers: { otlp: { protocols: { http: { endpoint: string } } } };
      exporters: Record<string, { endpoint: string }>;
      service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
    }>(serviceNamed(compose, 'otel-collector'), (target) => target.startsWith('/etc/otelcol-contrib/'));
    expect(collector.receivers.otlp.protocols.http.endpoint).toMatch(/:4318$/);
    const { traces } = collector.service.pipelines;
    expect(traces.receivers).toContain('otlp');
    expect(traces.exporters.map((exporter) => collector.exporters[exporter].endpoint)).toEqual([
      'jaeger:4317',
    ]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('builds on an exactly pinned Node 22 LTS bookworm-slim image, the release npm start and npm test use, in every stage', () => {
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    const pinned = /^HOOKLINE_NODE_VERSION=(\S+)$/m.exec(
      readFileSync(join(ROOT, 'tools', 'ensure-node.sh'), 'utf8'),
    )?.[1];
    expect(pinned).toMatch(/^22\.\d+\.\d+$/);
    expect(nodeImage).toBe(`node:${pinned}-bookworm-slim`);
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
    const stages = new Set([...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((match) => match[1]));
    expect(bases.filter((base) => base !== '${NODE_IMAGE}' && !stages.has(base))).toEqual([]);
  });

  it('runs as the non-root node user under tini', () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
  });
});
