import {
  EVENT_ID_PATTERN,
  EVENT_TYPE_PATTERN,
  TENANT_ID_PATTERN,
  type HooklineEvent,
} from './event-envelope';
import { compileValidator } from './schema-validator';

const eventEnvelopeSchema = {
  $id: 'https://hookline.dev/schemas/event-envelope.v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'tenantid', 'datacontenttype', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', pattern: EVENT_ID_PATTERN },
    source: { type: 'string', minLength: 1, maxLength: 512, format: 'uri-reference' },
    type: { type: 'string', maxLength: 128, pattern: EVENT_TYPE_PATTERN },
    subject: { type: 'string', minLength: 1, maxLength: 256 },
    time: { type: 'string', format: 'date-time' },
    tenantid: { type: 'string', pattern: TENANT_ID_PATTERN },
    datacontenttype: { const: 'application/json' },
    data: { type: 'object' },
    batchid: { type: 'string', minLength: 1, maxLength: 128 },
    batchindex: { type: 'integer', minimum: 0 },
    batchsize: { type: 'integer', minimum: 1 },
    targetendpointid: { type: 'string', minLength: 1, maxLength: 128 },
  },
  dependencies: { batchid: ['batchindex', 'batchsize'] },
} as const;

/** Validates a record read from `hookline.events.v1` (or about to be written to it). */
export const validateHooklineEvent = compileValidator<HooklineEvent>(eventEnvelopeSchema);
