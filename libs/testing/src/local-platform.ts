import { join } from 'node:path';
import { freePort } from './free-port';
import { SERVICE_NAMES, platformServiceEnv, type PlatformEnvOptions, type ServiceName } from './platform-env';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface LocalPlatformOptions extends PlatformEnvOptions {
  logDir: string;
  /** Fixed ports per service (npm start); free ports are picked otherwise (tests). */
  ports?: Partial<Record<ServiceName, number>>;
  /** Per-service extra environment, e.g. a compressed retry schedule for delivery only. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** How long each service may take to report ready (default 60 s). */
  readyTimeoutMs?: number;
}

export interface LocalPlatform {
  urls: Record<ServiceName, string>;
  processes: Record<ServiceName, ServiceProcess>;
  options: LocalPlatformOptions;
  /** Restarts one service (after a kill, say) with the same port and environment. */
  restart(service: ServiceName): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/** All four services as separate processes talking over real Kafka, Postgres and HTTP. */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const ports = {} as Record<ServiceName, number>;
  for (const service of SERVICE_NAMES) ports[service] = options.ports?.[service] ?? (await freePort());
  const launch = (service: ServiceName) =>
    startServiceProcess({
      service,
      port: ports[service],
      env: { ...platformServiceEnv(options, ports[service]), ...options.serviceEnv?.[service] },
      logFile: join(options.logDir, `${service}.log`),
      readyTimeoutMs: options.readyTimeoutMs,
    });
  const started = await Promise.allSettled(SERVICE_NAMES.map(launch));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(running.map((process) => process.stop()));
    throw failed.reason;
  }
  const processes = Object.fromEntries(running.map((process) => [process.service, process])) as Record<
    ServiceName,
    ServiceProcess
  >;
  const urls = Object.fromEntries(SERVICE_NAMES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<
    ServiceName,
    string
  >;
  return {
    urls,
    processes,
    options,
    restart: async (service) => {
      processes[service] = await launch(service);
      return processes[service];
    },
    stop: async () => {
      // Producers of work stop first, so nothing new arrives while consumers drain.
      await Promise.all([processes.producer.stop(), processes.subscription.stop()]);
      await Promise.all([processes.delivery.stop(), processes.health.stop()]);
    },
  };
}
