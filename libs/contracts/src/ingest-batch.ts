import { createHash } from 'node:crypto';
import {
  EVENT_ID_PATTERN,
  EVENT_TYPE_PATTERN,
  TENANT_ID_PATTERN,
  type HooklineEvent,
} from './event-envelope';
import type { FieldError, Validated } from './field-error';
import { compileValidator } from './schema-validator';

/** One entry of a batch operation: a bare entity id, or an id with its own `data` (e.g. a purge snapshot). */
export type IngestBatchSubject = string | { subject: string; data?: Record<string, unknown> };

/**
 * A batch operation: one lifecycle change applied to many entities, e.g. a bulk delete. Hookline expands it
 * into one event per subject before anything reaches `hookline.events.v1`.
 */
export interface IngestBatchOperation {
  /** The batch id; each expanded event's id is derived from it and the subject (see `batchEventId`). */
  id?: string;
  type: string;
  tenant?: string;
  tenantid?: string;
  source?: string;
  time?: string;
  /** Shared `data` for every subject that brings none of its own; `{}` when absent. */
  data?: Record<string, unknown>;
  subjects: IngestBatchSubject[];
}

/** Everything of a batch operation except its subjects (which are validated one at a time, streamed). */
export type IngestBatchHeader = Omit<IngestBatchOperation, 'subjects'>;

const batchHeaderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', pattern: EVENT_ID_PATTERN },
    source: { type: 'string', minLength: 1, maxLength: 512, format: 'uri-reference' },
    type: { type: 'string', maxLength: 128, pattern: EVENT_TYPE_PATTERN },
    time: { type: 'string', format: 'date-time' },
    tenant: { type: 'string', pattern: TENANT_ID_PATTERN },
    tenantid: { type: 'string', pattern: TENANT_ID_PATTERN },
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
  },
} as const;

const subjectSchema = {
  oneOf: [
    { type: 'string', minLength: 1, maxLength: 256 },
    {
      type: 'object',
      additionalProperties: false,
      required: ['subject'],
      properties: { subject: { type: 'string', minLength: 1, maxLength: 256 }, data: { type: 'object' } },
    },
  ],
} as const;

const validateHeaderShape = compileValidator<IngestBatchHeader>(batchHeaderSchema);
const validateSubjectShape = compileValidator<IngestBatchSubject>(subjectSchema);

/** True for a body that means a batch operation rather than one event (it lists `subjects`). */
export function isBatchOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'subjects' in value;
}

/** Validates the batch's own attributes; the tenant must be named exactly once, as for single events. */
export function validateIngestBatchHeader(input: unknown): Validated<IngestBatchHeader> {
  const result = validateHeaderShape(input);
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

/** Validates one entry of `subjects`; errors are reported as `subjects[<index>]…`. */
export function validateIngestBatchSubject(input: unknown, index: number): Validated<IngestBatchSubject> {
  const result = validateSubjectShape(input);
  if (result.ok) return result;
  const field = `subjects[${index}]`;
  // oneOf reports every branch; one plain message per entry reads better.
  const message =
    typeof input === 'object' && input !== null
      ? 'must be {"subject": "<id>", "data": {…}} with a subject of 1-256 characters and nothing else'
      : 'must be an entity id of 1-256 characters';
  return { ok: false, errors: [{ field, message }] };
}

/** Validates a whole (already parsed) batch operation: header, then every subject. */
export function validateIngestBatchOperation(
  input: unknown,
  maxErrors = 100,
): Validated<IngestBatchOperation> {
  if (!isBatchOperation(input)) return { ok: false, errors: [{ field: 'subjects', message: 'is required' }] };
  const { subjects, ...header } = input;
  const errors: FieldError[] = [];
  const headerResult = validateIngestBatchHeader(header);
  if (!headerResult.ok) errors.push(...headerResult.errors);
  if (!Array.isArray(subjects) || subjects.length === 0) {
    errors.push({ field: 'subjects', message: 'must be a non-empty array' });
  } else {
    for (let index = 0; index < subjects.length && errors.length < maxErrors; index++) {
      const subject = validateIngestBatchSubject(subjects[index], index);
      if (!subject.ok) errors.push(...subject.errors);
    }
  }
  return errors.length === 0
    ? { ok: true, value: input as unknown as IngestBatchOperation }
    : { ok: false, errors };
}

export function subjectOf(entry: IngestBatchSubject): string {
  return typeof entry === 'string' ? entry : entry.subject;
}

/**
 * The id of the event a batch expands to for one subject: the same batch id and subject give the same event
 * id, so a retried batch (in any order) is recognised as a duplicate instead of being delivered twice.
 */
export function batchEventId(batchId: string, subject: string): string {
  const digest = createHash('sha256').update(`${batchId}\u0000${subject}`).digest('base64url');
  return `bev_${digest.slice(0, 32)}`;
}

/**
 * The batch id of an operation sent without one: a digest of its content, so resending the same body is a
 * retry (deduplicated); an upstream that means to repeat an identical operation gives each its own `id`.
 */
export function contentBatchId(content: string | Buffer): string {
  return `bat_${createHash('sha256').update(content).digest('base64url').slice(0, 32)}`;
}

export interface BatchExpansion {
  header: IngestBatchHeader;
  batchId: string;
  batchSize: number;
  now: Date;
}

/** The canonical event for one subject of a batch (validated header and entry assumed). */
export function expandBatchSubject(
  expansion: BatchExpansion,
  entry: IngestBatchSubject,
  index: number,
): HooklineEvent {
  const { header, batchId, batchSize, now } = expansion;
  const tenantid = header.tenantid ?? header.tenant ?? '';
  const subject = subjectOf(entry);
  const data = typeof entry === 'string' ? undefined : entry.data;
  return {
    specversion: '1.0',
    id: batchEventId(batchId, subject),
    source: header.source ?? `/hookline/tenants/${tenantid}`,
    type: header.type,
    subject,
    time: header.time ?? now.toISOString(),
    tenantid,
    datacontenttype: 'application/json',
    data: data ?? header.data ?? {},
    batchid: batchId,
    batchindex: index,
    batchsize: batchSize,
  };
}
