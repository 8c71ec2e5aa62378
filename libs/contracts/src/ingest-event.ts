import { randomUUID } from 'node:crypto';
import {
  EVENT_ID_PATTERN,
  EVENT_TYPE_PATTERN,
  TENANT_ID_PATTERN,
  type HooklineEvent,
} from './event-envelope';
import type { Validated } from './field-error';
import { compileValidator } from './schema-validator';

/**
 * One event as an upstream system submits it (over HTTP or on `hookline.ingest.v1`). Friendlier than the
 * canonical envelope: `id`, `source` and `time` are optional and the tenant may be called `tenant`.
 */
export interface IngestEvent {
  id?: string;
  source?: string;
  type: string;
  subject: string;
  time?: string;
  tenant?: string;
  tenantid?: string;
  data: Record<string, unknown>;
}

const ingestEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'subject', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', pattern: EVENT_ID_PATTERN },
    source: { type: 'string', minLength: 1, maxLength: 512, format: 'uri-reference' },
    type: { type: 'string', maxLength: 128, pattern: EVENT_TYPE_PATTERN },
    subject: { type: 'string', minLength: 1, maxLength: 256 },
    time: { type: 'string', format: 'date-time' },
    tenant: { type: 'string', pattern: TENANT_ID_PATTERN },
    tenantid: { type: 'string', pattern: TENANT_ID_PATTERN },
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
  },
} as const;

const validateIngestShape = compileValidator<IngestEvent>(ingestEventSchema);

/** Validates one submitted event; the tenant must be given exactly once, as `tenant` or `tenantid`. */
export function validateIngestEvent(input: unknown): Validated<IngestEvent> {
  const result = validateIngestShape(input);
  if (!result.ok) return result;
  const { tenant, tenantid } = result.value;
  if (tenant === undefined && tenantid === undefined) {
    return { ok: false, errors: [{ field: 'tenant', message: 'is required' }] };
  }
  if (tenant !== undefined && tenantid !== undefined) {
    return { ok: false, errors: [{ field: 'tenant', message: 'give either tenant or tenantid, not both' }] };
  }
  return result;
}

export interface CanonicalDefaults {
  now: Date;
  defaultSource: string;
  generateId?: () => string;
}

/** Fills in what the upstream left out, producing the envelope that goes to `hookline.events.v1`. */
export function toCanonicalEvent(input: IngestEvent, defaults: CanonicalDefaults): HooklineEvent {
  const tenantid = input.tenantid ?? input.tenant;
  if (tenantid === undefined)
    throw new Error('toCanonicalEvent needs a validated IngestEvent (tenant missing)');
  return {
    specversion: '1.0',
    id: input.id ?? (defaults.generateId ?? randomUUID)(),
    source: input.source ?? defaults.defaultSource,
    type: input.type,
    subject: input.subject,
    time: input.time ?? defaults.now.toISOString(),
    tenantid,
    datacontenttype: 'application/json',
    data: input.data,
  };
}
