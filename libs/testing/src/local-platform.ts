import { join } from 'node:path';
import { freePort } from './free-port';
import { SERVICE_NAMES, platformServiceEnv, type PlatformEnvOptions, type ServiceName } from './platform-env';
import { SINGLE_REPLICAS, parseReplicaCounts, type ReplicaCounts } from './replica-counts';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface LocalPlatformOptions extends PlatformEnvOptions {
  logDir: string;
  /**
   * Fixed ports per service (npm start): one number is replica 0's port (further replicas take free ports),
   * an array gives every replica's. Free ports are picked otherwise (tests).
   */
  ports?: Partial<Record<ServiceName, number | readonly number[]>>;
  /**
   * Processes per service, as the chart's replicas (default: `HOOKLINE_REPLICAS` from the environment, else
   * one each). Every replica has its own port and log file and joins the same consumer groups.
   */
  replicas?: Partial<ReplicaCounts>;
  /** Per-service extra environment, e.g. a compressed retry schedule for delivery only. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** How long each service may take to report ready (default 60 s). */
  readyTimeoutMs?: number;
}

export interface LocalPlatform {
  /** Replica 0's address per service (what a client calls; every replica serves the same API). */
  urls: Record<ServiceName, string>;
  /** Replica 0 per service. Assigning one replaces replica 0. */
  processes: Record<ServiceName, ServiceProcess>;
  /** Every replica per service, in start order. */
  replicas: Record<ServiceName, ServiceProcess[]>;
  /** Every replica's address per service. */
  replicaUrls: Record<ServiceName, string[]>;
  options: LocalPlatformOptions;
  /** Restarts one replica (after a kill, say) with the same port and environment. */
  restart(service: ServiceName, replica?: number): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/**
 * All four services as separate processes talking over real Kafka, Postgres and HTTP, N processes of a
 * service when asked (`replicas` or `HOOKLINE_REPLICAS`).
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const counts: ReplicaCounts = {
    ...SINGLE_REPLICAS,
    ...parseReplicaCounts(process.env.HOOKLINE_REPLICAS),
    ...options.replicas,
  };
  const ports = await replicaPorts(options.ports ?? {}, counts);
  const launch = (service: ServiceName, replica: number) =>
    startServiceProcess({
      service,
      port: ports[service][replica],
      env: { ...platformServiceEnv(options, ports[service][replica]), ...options.serviceEnv?.[service] },
      logFile: join(options.logDir, replica === 0 ? `${service}.log` : `${service}-${replica}.log`),
      readyTimeoutMs: options.readyTimeoutMs,
    });
  const wanted = SERVICE_NAMES.flatMap((service) =>
    ports[service].map((_, replica) => ({ service, replica })),
  );
  const started = await Promise.allSettled(wanted.map(({ service, replica }) => launch(service, replica)));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(running.map((process) => process.stop()));
    throw failed.reason;
  }
  const replicas = {} as Record<ServiceName, ServiceProcess[]>;
  for (const service of SERVICE_NAMES) replicas[service] = running.filter((p) => p.service === service);
  const replicaUrls = {} as Record<ServiceName, string[]>;
  for (const service of SERVICE_NAMES) {
    replicaUrls[service] = ports[service].map((port) => `http://127.0.0.1:${port}`);
  }
  const urls = Object.fromEntries(SERVICE_NAMES.map((s) => [s, replicaUrls[s][0]])) as Record<
    ServiceName,
    string
  >;
  const stopAll = (services: ServiceName[]) =>
    Promise.all(services.flatMap((service) => replicas[service].map((process) => process.stop())));
  return {
    urls,
    processes: firstReplicaView(replicas),
    replicas,
    replicaUrls,
    options,
    restart: async (service, replica = 0) => {
      replicas[service][replica] = await launch(service, replica);
      return replicas[service][replica];
    },
    stop: async () => {
      // Producers of work stop first, so nothing new arrives while consumers drain.
      await stopAll(['producer', 'subscription']);
      await stopAll(['delivery', 'health']);
    },
  };
}

async function replicaPorts(
  fixed: NonNullable<LocalPlatformOptions['ports']>,
  counts: ReplicaCounts,
): Promise<Record<ServiceName, number[]>> {
  const ports = {} as Record<ServiceName, number[]>;
  for (const service of SERVICE_NAMES) {
    const given = fixed[service];
    const list = given === undefined ? [] : typeof given === 'number' ? [given] : [...given];
    while (list.length < counts[service]) list.push(await freePort());
    ports[service] = list.slice(0, counts[service]);
  }
  return ports;
}

/** `processes.delivery` reads and replaces replica 0, so single-process callers keep working. */
function firstReplicaView(
  replicas: Record<ServiceName, ServiceProcess[]>,
): Record<ServiceName, ServiceProcess> {
  const view = {} as Record<ServiceName, ServiceProcess>;
  for (const service of SERVICE_NAMES) {
    Object.defineProperty(view, service, {
      enumerable: true,
      get: () => replicas[service][0],
      set: (process: ServiceProcess) => {
        replicas[service][0] = process;
      },
    });
  }
  return view;
}
