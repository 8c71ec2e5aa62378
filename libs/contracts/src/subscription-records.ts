import type { TenantQuotas } from './tenant-quotas';

/**
 * Records on the compacted `hookline.subscriptions.v1` topic: the subscription service's full current state,
 * from which delivery and health build their in-memory replicas. Endpoint records are keyed by endpoint id,
 * tenant records by tenant id; a deleted endpoint is a tombstone (null value). Secrets are encrypted;
 * API keys appear only as SHA-256 hashes.
 */
export interface EndpointSecretRecord {
  id: string;
  /** AES-256-GCM ciphertext of the `whsec_` secret, bound to the endpoint (@hookline/webhook-crypto `SecretBox`). */
  encrypted: string;
  createdAt: string;
  /** Set during a rotation: the old secret keeps signing until then. */
  expiresAt?: string;
}

export interface EndpointVerificationRecord {
  status: 'unverified' | 'verified' | 'failed';
  checkedAt: string | null;
}

export interface EndpointRecord {
  kind: 'endpoint';
  id: string;
  tenantId: string;
  url: string;
  description: string;
  /** Event-type filter: exact types, `entity.*` wildcards, or `*`. */
  eventTypes: string[];
  /** Optional entity-type filter (`conversation`, `customer`); empty means every entity. */
  entityTypes: string[];
  /**
   * Custom headers by lowercase name. Values are SecretBox ciphertexts bound to the endpoint and the header
   * name (see @hookline/webhook-crypto); records published before header values were sealed carry plaintext.
   */
  headers: Record<string, string>;
  /** Requests per second; null means unlimited. */
  rateLimitPerSecond: number | null;
  enabled: boolean;
  disabledReason: string | null;
  secrets: EndpointSecretRecord[];
  /** The latest verification challenge's result (absent in records written before it existed). */
  verification?: EndpointVerificationRecord;
  /** Monotonic per endpoint, so a consumer can ignore an older state that arrives late. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyRecord {
  id: string;
  /** Hex SHA-256 of the key. Keys are 256-bit random, so a plain hash is enough to look them up safely. */
  hash: string;
  revokedAt: string | null;
}

export interface TenantRecord {
  kind: 'tenant';
  id: string;
  name: string;
  apiKeys: ApiKeyRecord[];
  /**
   * The tenant's effective quota limits (defaults with the operator's overrides applied); absent in records
   * written before quotas existed, where each service applies `DEFAULT_TENANT_QUOTAS`.
   */
  quotas?: Partial<TenantQuotas>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * A tenant-registered event type: its JSON Schema (when given) is what the producer validates `data`
 * against. Keyed `event-type:<tenant>:<type>`.
 */
export interface EventTypeRecord {
  kind: 'event-type';
  tenantId: string;
  type: string;
  description: string;
  /** JSON Schema (draft-07) for the event's `data`; null accepts any object. */
  schema: Record<string, unknown> | null;
  archived: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type SubscriptionRecord = EndpointRecord | TenantRecord | EventTypeRecord;

const TENANT_KEY_PREFIX = 'tenant:';

/**
 * Tenant records are keyed `tenant:<id>` and endpoint records by endpoint id; tenant ids cannot contain a
 * colon, so the two never collide on the compacted topic.
 */
export function tenantRecordKey(tenantId: string): string {
  return TENANT_KEY_PREFIX + tenantId;
}

const EVENT_TYPE_KEY_PREFIX = 'event-type:';

export function eventTypeRecordKey(tenantId: string, type: string): string {
  return `${EVENT_TYPE_KEY_PREFIX}${tenantId}:${type}`;
}

/** The tenant and type of an `event-type:<tenant>:<type>` key (tenant ids contain no colon). */
export function eventTypeOfRecordKey(key: string): { tenantId: string; type: string } | undefined {
  if (!key.startsWith(EVENT_TYPE_KEY_PREFIX)) return undefined;
  const rest = key.slice(EVENT_TYPE_KEY_PREFIX.length);
  const colon = rest.indexOf(':');
  return colon < 0 ? undefined : { tenantId: rest.slice(0, colon), type: rest.slice(colon + 1) };
}

export function tenantIdOfRecordKey(key: string): string | undefined {
  return key.startsWith(TENANT_KEY_PREFIX) ? key.slice(TENANT_KEY_PREFIX.length) : undefined;
}
