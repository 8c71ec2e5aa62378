import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { ConfigError, loadEnv, toBoolean } from '@hookline/config';
import { parseSize } from '@hookline/http';
import type { UpstreamService } from '../front-door/domain/route-table';

const SERVICE_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const SIZE = /^\d+(b|kb|mb)$/i;

/**
 * The console and front door: the web console at `/`, every `/v1` API proxied to the service that owns it
 * (the chart's Ingress table), so one origin answers everything. It reads no Kafka or Postgres.
 */
export class ConsoleEnv {
  @IsString()
  HOST = '0.0.0.0';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 8080;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Base URL of the producer the front door forwards `/v1/events` and `/v1/batches` to. */
  @IsUrl(SERVICE_URL)
  CONSOLE_PRODUCER_URL = 'http://127.0.0.1:3001';

  /** Base URL of the subscription service (tenants, API keys, endpoints, event types, quotas). */
  @IsUrl(SERVICE_URL)
  CONSOLE_SUBSCRIPTION_URL = 'http://127.0.0.1:3002';

  /** Base URL of the delivery service (attempts, resend, replay, recover). */
  @IsUrl(SERVICE_URL)
  CONSOLE_DELIVERY_URL = 'http://127.0.0.1:3003';

  /** Base URL of the health service (endpoint health, event traces). */
  @IsUrl(SERVICE_URL)
  CONSOLE_HEALTH_URL = 'http://127.0.0.1:3004';

  /**
   * Also forward the operator API (`/v1/tenants`, `/v1/admin`), as the chart's `ingress.exposeOperatorApi`
   * does; off, those paths answer 404 at the front door and operators use the subscription port.
   */
  @Transform(toBoolean)
  @IsBoolean()
  CONSOLE_EXPOSE_OPERATOR_API = false;

  /**
   * Largest request body the front door forwards (413 beyond, counted as it streams; never buffered). At
   * least the producer's INGEST_BATCH_BODY_LIMIT, so batches pass; at most 256mb.
   */
  @Matches(SIZE, { message: 'must be a size such as 32mb' })
  CONSOLE_PROXY_BODY_LIMIT = '32mb';

  /** Longest wait for a service's answer (504 beyond); also the idle limit of a client's request. */
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  CONSOLE_PROXY_TIMEOUT_MS = 60_000;

  /** Connections kept open to each service. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  CONSOLE_PROXY_MAX_SOCKETS = 64;

  /** The Grafana dashboard the operator view links (empty: no link). */
  @IsOptional()
  @IsUrl(SERVICE_URL)
  CONSOLE_GRAFANA_URL?: string;
}

/** Upper bound of CONSOLE_PROXY_BODY_LIMIT: the producer's largest batch limit with room to spare. */
const MAX_PROXY_BODY_BYTES = 256 * 1024 * 1024;

export interface ConsoleConfig {
  logLevel: string;
  http: { host: string; port: number };
  upstreams: Record<UpstreamService, string>;
  exposeOperatorApi: boolean;
  proxy: { bodyLimitBytes: number; timeoutMs: number; maxSockets: number };
  grafanaUrl: string | null;
}

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = loadEnv(ConsoleEnv, env);
  const bodyLimitBytes = parseSize(parsed.CONSOLE_PROXY_BODY_LIMIT);
  if (bodyLimitBytes > MAX_PROXY_BODY_BYTES)
    throw new ConfigError(['CONSOLE_PROXY_BODY_LIMIT must be at most 256mb']);
  return {
    logLevel: parsed.LOG_LEVEL,
    http: { host: parsed.HOST, port: parsed.PORT },
    upstreams: {
      producer: parsed.CONSOLE_PRODUCER_URL,
      subscription: parsed.CONSOLE_SUBSCRIPTION_URL,
      delivery: parsed.CONSOLE_DELIVERY_URL,
      health: parsed.CONSOLE_HEALTH_URL,
    },
    exposeOperatorApi: parsed.CONSOLE_EXPOSE_OPERATOR_API,
    proxy: {
      bodyLimitBytes,
      timeoutMs: parsed.CONSOLE_PROXY_TIMEOUT_MS,
      maxSockets: parsed.CONSOLE_PROXY_MAX_SOCKETS,
    },
    grafanaUrl: parsed.CONSOLE_GRAFANA_URL ?? null,
  };
}

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
