import { join } from 'node:path';
import { freePort } from './free-port';
import type { LocalPlatform } from './local-platform';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface FrontDoorOptions {
  logDir: string;
  /** Fixed port (npm start: 8080); a free one otherwise. */
  port?: number;
  /** Forward the operator API too (`/v1/tenants`, `/v1/admin`), as npm start and compose do. */
  exposeOperatorApi?: boolean;
  extra?: Record<string, string>;
  /** How long the console may take to report ready (default: the platform's, else 60 s). */
  readyTimeoutMs?: number;
}

/** The console service in front of a running local platform: one origin for the console and every API. */
export async function startFrontDoor(
  platform: LocalPlatform,
  options: FrontDoorOptions,
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  return startServiceProcess({
    service: 'console',
    port,
    logFile: join(options.logDir, 'console.log'),
    readyTimeoutMs: options.readyTimeoutMs ?? platform.options.readyTimeoutMs,
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: platform.options.logLevel ?? 'info',
      CONSOLE_PRODUCER_URL: platform.urls.producer,
      CONSOLE_SUBSCRIPTION_URL: platform.urls.subscription,
      CONSOLE_DELIVERY_URL: platform.urls.delivery,
      CONSOLE_HEALTH_URL: platform.urls.health,
      CONSOLE_EXPOSE_OPERATOR_API: String(options.exposeOperatorApi ?? true),
      ...options.extra,
    },
  });
}
