import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { CommonEnv, loadEnv, serviceBaseConfig, toBoolean, type ServiceBaseConfig } from '@hookline/config';

export class SubscriptionEnv extends CommonEnv {
  override PORT = 3002;

  /** Operator token(s) that may create tenants; comma-separated to rotate. */
  @IsString()
  @MinLength(16)
  OPERATOR_TOKENS!: string;

  /** `keyId:base64(32 bytes)[,…]`, newest first: encrypts endpoint secrets at rest and on Kafka. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44}(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]{43,44})*$/, {
    message: 'must be keyId:base64 of 32 bytes, comma-separated',
  })
  SECRET_ENCRYPTION_KEYS!: string;

  /** Allow `http://` endpoint URLs (local demos and tests); production wants https only. */
  @Transform(toBoolean)
  @IsBoolean()
  ALLOW_HTTP_ENDPOINTS = false;

  /** Allow endpoints on loopback addresses (local demos and tests); every other blocked range stays blocked. */
  @Transform(toBoolean)
  @IsBoolean()
  ALLOW_LOOPBACK_ENDPOINTS = false;

  /** How long the previous secret keeps signing after a rotation, unless the request says otherwise. */
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  SECRET_ROTATION_OVERLAP_SECONDS = 24 * 3600;

  /** Total time for one verification request (connect, send, read the echo). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  VERIFICATION_TIMEOUT_MS = 10_000;

  /** Where tenants reach the delivery service's API: "send test event" answers with a link to its attempts. */
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) base URL' })
  DELIVERY_PUBLIC_URL = 'http://localhost:3003';

  @IsInt()
  @Min(1)
  OUTBOX_BATCH_SIZE = 200;

  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 1_000;
}

export interface SubscriptionConfig extends ServiceBaseConfig {
  operatorTokens: string[];
  secretEncryptionKeys: string;
  endpoints: { allowHttp: boolean; allowLoopback: boolean };
  secretRotationOverlapSeconds: number;
  verification: { timeoutMs: number; userAgent: string };
  deliveryPublicUrl: string;
  outbox: { batchSize: number; pollIntervalMs: number };
}

export const SUBSCRIPTION_CONFIG = Symbol('SUBSCRIPTION_CONFIG');

export function loadSubscriptionConfig(env: NodeJS.ProcessEnv = process.env): SubscriptionConfig {
  const parsed = loadEnv(SubscriptionEnv, env);
  return {
    ...serviceBaseConfig(parsed, 'subscription'),
    operatorTokens: parsed.OPERATOR_TOKENS.split(','),
    secretEncryptionKeys: parsed.SECRET_ENCRYPTION_KEYS,
    endpoints: { allowHttp: parsed.ALLOW_HTTP_ENDPOINTS, allowLoopback: parsed.ALLOW_LOOPBACK_ENDPOINTS },
    secretRotationOverlapSeconds: parsed.SECRET_ROTATION_OVERLAP_SECONDS,
    verification: {
      timeoutMs: parsed.VERIFICATION_TIMEOUT_MS,
      userAgent: 'Hookline-Webhooks/0.1 (+https://github.com/hookline/hookline)',
    },
    deliveryPublicUrl: parsed.DELIVERY_PUBLIC_URL.replace(/\/+$/, ''),
    outbox: { batchSize: parsed.OUTBOX_BATCH_SIZE, pollIntervalMs: parsed.OUTBOX_POLL_INTERVAL_MS },
  };
}
