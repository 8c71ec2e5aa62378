import { randomBytes } from 'node:crypto';

export type ServiceName = 'producer' | 'subscription' | 'delivery' | 'health';
export const SERVICE_NAMES: readonly ServiceName[] = ['producer', 'subscription', 'delivery', 'health'];

/** The credentials a local platform needs; generated per test run, or kept in .local for `npm start`. */
export interface PlatformSecrets {
  ingestToken: string;
  operatorToken: string;
  /** `SECRET_ENCRYPTION_KEYS` value: `keyId:base64(32 bytes)`. */
  secretEncryptionKeys: string;
}

export function generatePlatformSecrets(): PlatformSecrets {
  return {
    ingestToken: `ingest_${randomBytes(24).toString('base64url')}`,
    operatorToken: `operator_${randomBytes(24).toString('base64url')}`,
    secretEncryptionKeys: `local1:${randomBytes(32).toString('base64')}`,
  };
}

export interface PlatformEnvOptions {
  kafkaBrokers: string;
  databaseUrl: string;
  secrets: PlatformSecrets;
  /** Topic and consumer-group prefix; tests use a fresh one so runs never see each other's records. */
  namespace?: string;
  /** Local platforms deliver to http://127.0.0.1 receivers; production allows neither. */
  allowLocalEndpoints?: boolean;
  logLevel?: string;
  extra?: Record<string, string>;
}

/**
 * The environment of one service of a local platform. Each service only reads the variables its config
 * declares, so one shared set is enough.
 */
export function platformServiceEnv(options: PlatformEnvOptions, port: number): Record<string, string> {
  const local = options.allowLocalEndpoints ?? true;
  return {
    KAFKA_BROKERS: options.kafkaBrokers,
    KAFKA_TOPIC_NAMESPACE: options.namespace ?? '',
    KAFKA_PARTITIONS: '3',
    DATABASE_URL: options.databaseUrl,
    INGEST_TOKENS: options.secrets.ingestToken,
    OPERATOR_TOKENS: options.secrets.operatorToken,
    SECRET_ENCRYPTION_KEYS: options.secrets.secretEncryptionKeys,
    ALLOW_HTTP_ENDPOINTS: String(local),
    ALLOW_LOOPBACK_ENDPOINTS: String(local),
    DELIVERY_ALLOW_LOOPBACK: String(local),
    LOG_LEVEL: options.logLevel ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...options.extra,
  };
}
