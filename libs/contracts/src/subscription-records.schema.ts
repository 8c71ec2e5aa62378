import { EVENT_TYPE_PATTERN, TENANT_ID_PATTERN } from './event-envelope';
import { compileValidator } from './schema-validator';
import type { SubscriptionRecord } from './subscription-records';

const timestamp = { type: 'string', format: 'date-time' } as const;

const endpointRecordSchema = {
  type: 'object',
  required: [
    'kind',
    'id',
    'tenantId',
    'url',
    'eventTypes',
    'entityTypes',
    'headers',
    'enabled',
    'secrets',
    'version',
    'updatedAt',
  ],
  properties: {
    kind: { const: 'endpoint' },
    id: { type: 'string', minLength: 1 },
    tenantId: { type: 'string', pattern: TENANT_ID_PATTERN },
    url: { type: 'string', format: 'endpoint-url' },
    description: { type: 'string' },
    eventTypes: { type: 'array', items: { type: 'string' } },
    entityTypes: { type: 'array', items: { type: 'string' } },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    rateLimitPerSecond: { type: ['number', 'null'] },
    enabled: { type: 'boolean' },
    disabledReason: { type: ['string', 'null'] },
    secrets: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'encrypted', 'createdAt'],
        properties: {
          id: { type: 'string' },
          encrypted: { type: 'string' },
          createdAt: timestamp,
          expiresAt: timestamp,
        },
      },
    },
    verification: {
      type: 'object',
      required: ['status', 'checkedAt'],
      properties: {
        status: { enum: ['unverified', 'verified', 'failed'] },
        checkedAt: { type: ['string', 'null'] },
      },
    },
    version: { type: 'integer', minimum: 0 },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

const tenantRecordSchema = {
  type: 'object',
  required: ['kind', 'id', 'name', 'apiKeys', 'version', 'updatedAt'],
  properties: {
    kind: { const: 'tenant' },
    id: { type: 'string', pattern: TENANT_ID_PATTERN },
    name: { type: 'string' },
    apiKeys: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'hash', 'revokedAt'],
        properties: {
          id: { type: 'string' },
          hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          revokedAt: { type: ['string', 'null'] },
        },
      },
    },
    quotas: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    version: { type: 'integer', minimum: 0 },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

const eventTypeRecordSchema = {
  type: 'object',
  required: ['kind', 'tenantId', 'type', 'schema', 'archived', 'version', 'updatedAt'],
  properties: {
    kind: { const: 'event-type' },
    tenantId: { type: 'string', pattern: TENANT_ID_PATTERN },
    type: { type: 'string', pattern: EVENT_TYPE_PATTERN },
    description: { type: 'string' },
    schema: { type: ['object', 'null'] },
    archived: { type: 'boolean' },
    version: { type: 'integer', minimum: 0 },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const validateSubscriptionRecord = compileValidator<SubscriptionRecord>({
  oneOf: [endpointRecordSchema, tenantRecordSchema, eventTypeRecordSchema],
});
