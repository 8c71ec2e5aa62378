import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import {
  apiKeyRateLimitConfig,
  loadEnv,
  serviceBaseConfig,
  TenantApiEnv,
  toBoolean,
  type ApiKeyRateLimitConfig,
  type ServiceBaseConfig,
} from '@hookline/config';
import { DEFAULT_TENANT_QUOTAS, TENANT_QUOTA_MAXIMA as MAX, type TenantQuotas } from '@hookline/contracts';
import { PRIVATE_IPV4_RANGE } from '@hookline/egress';

export class SubscriptionEnv extends TenantApiEnv {
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

  /**
   * Development only: one private IPv4 range (CIDR) endpoints may be in, e.g. the Docker host's address so a
   * compose stack reaches a receiver on the host (deploy/README.md). Empty: every private range is refused.
   */
  @IsString()
  @Matches(PRIVATE_IPV4_RANGE, { message: 'must be empty or a CIDR inside 10/8, 172.16/12 or 192.168/16' })
  ALLOW_PRIVATE_RANGE_ENDPOINTS = '';

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
  @Max(3_600_000)
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  /** Default quota: endpoints per tenant (each event is matched against every endpoint of its tenant). */
  @IsInt()
  @Min(0)
  @Max(MAX.endpoints)
  TENANT_QUOTA_ENDPOINTS = DEFAULT_TENANT_QUOTAS.endpoints;

  /** Default quota: unrevoked API keys per tenant (each is listed in the tenant's state record). */
  @IsInt()
  @Min(1)
  @Max(MAX.apiKeys)
  TENANT_QUOTA_API_KEYS = DEFAULT_TENANT_QUOTAS.apiKeys;

  /** Default quota: secrets signing at once per endpoint (the current one and previous ones inside their overlap). */
  @IsInt()
  @Min(1)
  @Max(MAX.liveSecretsPerEndpoint)
  TENANT_QUOTA_LIVE_SECRETS_PER_ENDPOINT = DEFAULT_TENANT_QUOTAS.liveSecretsPerEndpoint;

  /** Default quota: registered event types per tenant, archived ones included. */
  @IsInt()
  @Min(0)
  @Max(MAX.eventTypes)
  TENANT_QUOTA_EVENT_TYPES = DEFAULT_TENANT_QUOTAS.eventTypes;

  /** Default quota: endpoints per tenant subscribed to operational events (`endpoint.*`): each endpoint change fans out to them. */
  @IsInt()
  @Min(0)
  @Max(MAX.operationalSubscribers)
  TENANT_QUOTA_OPERATIONAL_SUBSCRIBERS = DEFAULT_TENANT_QUOTAS.operationalSubscribers;

  /** Default quota: test events per tenant per minute. */
  @IsInt()
  @Min(0)
  @Max(MAX.testEventsPerMinute)
  TENANT_QUOTA_TEST_EVENTS_PER_MINUTE = DEFAULT_TENANT_QUOTAS.testEventsPerMinute;

  /** Default quota: verification challenges per tenant per minute (each is an outbound request). */
  @IsInt()
  @Min(0)
  @Max(MAX.verificationsPerMinute)
  TENANT_QUOTA_VERIFICATIONS_PER_MINUTE = DEFAULT_TENANT_QUOTAS.verificationsPerMinute;

  /** Default quota, enforced by delivery: replays running at once per tenant (each reads the events topic). */
  @IsInt()
  @Min(0)
  @Max(MAX.concurrentReplays)
  TENANT_QUOTA_CONCURRENT_REPLAYS = DEFAULT_TENANT_QUOTAS.concurrentReplays;

  /** Default quota, enforced by delivery: resends per tenant per minute. */
  @IsInt()
  @Min(0)
  @Max(MAX.resendsPerMinute)
  TENANT_QUOTA_RESENDS_PER_MINUTE = DEFAULT_TENANT_QUOTAS.resendsPerMinute;
}

export interface SubscriptionConfig extends ServiceBaseConfig {
  operatorTokens: string[];
  secretEncryptionKeys: string;
  endpoints: { allowHttp: boolean; allowLoopback: boolean; allowedPrivateRange: string };
  secretRotationOverlapSeconds: number;
  verification: { timeoutMs: number; userAgent: string };
  deliveryPublicUrl: string;
  outbox: { batchSize: number; pollIntervalMs: number };
  /** Every tenant's quotas unless the operator overrides them for the tenant. */
  quotaDefaults: TenantQuotas;
  apiKeyRateLimit: ApiKeyRateLimitConfig;
}

export const SUBSCRIPTION_CONFIG = Symbol('SUBSCRIPTION_CONFIG');

export function loadSubscriptionConfig(env: NodeJS.ProcessEnv = process.env): SubscriptionConfig {
  const parsed = loadEnv(SubscriptionEnv, env);
  return {
    ...serviceBaseConfig(parsed, 'subscription'),
    operatorTokens: parsed.OPERATOR_TOKENS.split(','),
    secretEncryptionKeys: parsed.SECRET_ENCRYPTION_KEYS,
    endpoints: {
      allowHttp: parsed.ALLOW_HTTP_ENDPOINTS,
      allowLoopback: parsed.ALLOW_LOOPBACK_ENDPOINTS,
      allowedPrivateRange: parsed.ALLOW_PRIVATE_RANGE_ENDPOINTS,
    },
    secretRotationOverlapSeconds: parsed.SECRET_ROTATION_OVERLAP_SECONDS,
    verification: {
      timeoutMs: parsed.VERIFICATION_TIMEOUT_MS,
      userAgent: 'Hookline-Webhooks/0.1 (+https://github.com/hookline/hookline)',
    },
    deliveryPublicUrl: parsed.DELIVERY_PUBLIC_URL.replace(/\/+$/, ''),
    outbox: { batchSize: parsed.OUTBOX_BATCH_SIZE, pollIntervalMs: parsed.OUTBOX_POLL_INTERVAL_MS },
    quotaDefaults: quotaDefaults(parsed),
    apiKeyRateLimit: apiKeyRateLimitConfig(parsed),
  };
}

function quotaDefaults(parsed: SubscriptionEnv): TenantQuotas {
  return {
    endpoints: parsed.TENANT_QUOTA_ENDPOINTS,
    apiKeys: parsed.TENANT_QUOTA_API_KEYS,
    liveSecretsPerEndpoint: parsed.TENANT_QUOTA_LIVE_SECRETS_PER_ENDPOINT,
    eventTypes: parsed.TENANT_QUOTA_EVENT_TYPES,
    operationalSubscribers: parsed.TENANT_QUOTA_OPERATIONAL_SUBSCRIBERS,
    testEventsPerMinute: parsed.TENANT_QUOTA_TEST_EVENTS_PER_MINUTE,
    verificationsPerMinute: parsed.TENANT_QUOTA_VERIFICATIONS_PER_MINUTE,
    concurrentReplays: parsed.TENANT_QUOTA_CONCURRENT_REPLAYS,
    resendsPerMinute: parsed.TENANT_QUOTA_RESENDS_PER_MINUTE,
  };
}
