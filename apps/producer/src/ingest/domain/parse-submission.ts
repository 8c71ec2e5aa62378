import {
  isBatchOperation,
  validateIngestBatchOperation,
  validateIngestEvent,
  type FieldError,
  type IngestBatchOperation,
  type IngestEvent,
  type Validated,
} from '@hookline/contracts';
import type { Submission } from './submission';

export interface ParseOptions {
  maxBatchSubjects: number;
  /** The batch id of an operation that names none (content digest over HTTP, record position on Kafka). */
  batchIdFor: (operation: IngestBatchOperation) => string;
  /** Fills in the id of an event that has none (random over HTTP, record position on Kafka). */
  eventIdFor?: (index: number) => string;
}

const MAX_ERRORS = 100;

/** Tells one event, an array of events and a batch operation apart, and checks each one's shape. */
export function parseSubmission(body: unknown, options: ParseOptions): Validated<Submission> {
  if (Array.isArray(body)) return parseArray(body, options);
  if (isBatchOperation(body)) return parseBatch(body, options);
  const event = validateIngestEvent(body);
  if (!event.ok) return event;
  return { ok: true, value: { kind: 'events', single: true, events: [withId(event.value, 0, options)] } };
}

function parseArray(body: unknown[], options: ParseOptions): Validated<Submission> {
  if (body.length === 0) return { ok: false, errors: [{ field: '(root)', message: 'is an empty array' }] };
  const errors: FieldError[] = [];
  const events: IngestEvent[] = [];
  body.forEach((item, index) => {
    const event = validateIngestEvent(item);
    if (event.ok) events.push(withId(event.value, index, options));
    else errors.push(...event.errors.map((error) => ({ ...error, field: `[${index}].${error.field}` })));
  });
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return { ok: true, value: { kind: 'events', single: false, events } };
}

function parseBatch(body: Record<string, unknown>, options: ParseOptions): Validated<Submission> {
  const operation = validateIngestBatchOperation(body, MAX_ERRORS);
  if (!operation.ok) return operation;
  const { subjects, ...header } = operation.value;
  if (subjects.length > options.maxBatchSubjects) {
    return {
      ok: false,
      errors: [{ field: 'subjects', message: `lists more than ${options.maxBatchSubjects} subjects` }],
    };
  }
  return {
    ok: true,
    value: {
      kind: 'batch',
      header,
      batchId: header.id ?? options.batchIdFor(operation.value),
      batchSize: subjects.length,
      subjects: () => subjects,
    },
  };
}

function withId(event: IngestEvent, index: number, options: ParseOptions): IngestEvent {
  return event.id === undefined && options.eventIdFor !== undefined
    ? { ...event, id: options.eventIdFor(index) }
    : event;
}
