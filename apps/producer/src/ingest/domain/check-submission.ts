import type { FieldError } from '@hookline/contracts';
import {
  checkData,
  resolveEventType,
  type DataSchemaCache,
  type EventCatalog,
  type PolicyOptions,
  type SubmissionOrigin,
} from './event-policy';
import { tenantOf, type BatchSubmission, type EventsSubmission, type Submission } from './submission';

const MAX_ERRORS = 100;

export interface PolicyContext {
  catalog: EventCatalog;
  schemas: DataSchemaCache;
  options: PolicyOptions;
  origin: SubmissionOrigin;
}

/** Every reason the tenant's rules refuse a shape-valid submission; none means it may be recorded. */
export function checkSubmission(context: PolicyContext, submission: Submission): FieldError[] {
  return submission.kind === 'events' ? checkEvents(context, submission) : checkBatch(context, submission);
}

function checkEvents(context: PolicyContext, submission: EventsSubmission): FieldError[] {
  const errors: FieldError[] = [];
  submission.events.forEach((event, index) => {
    const prefix = submission.single ? '' : `[${index}].`;
    const type = resolveEventType(
      context.catalog,
      context.schemas,
      context.options,
      tenantOf(event),
      event.type,
      context.origin,
    );
    if (!type.ok)
      errors.push(...type.errors.map((error) => ({ ...error, field: `${prefix}${error.field}` })));
    else errors.push(...checkData(type.value, event.data, context.options, prefix));
  });
  return errors.slice(0, MAX_ERRORS);
}

function checkBatch(context: PolicyContext, submission: BatchSubmission): FieldError[] {
  const { header } = submission;
  const type = resolveEventType(
    context.catalog,
    context.schemas,
    context.options,
    tenantOf(header),
    header.type,
    context.origin,
  );
  if (!type.ok) return type.errors;
  const errors: FieldError[] = [];
  let sharedChecked = false;
  let index = 0;
  for (const entry of submission.subjects()) {
    const own = typeof entry === 'string' ? undefined : entry.data;
    if (own !== undefined) errors.push(...checkData(type.value, own, context.options, `subjects[${index}].`));
    else if (!sharedChecked) {
      // Entries without data of their own share the batch's: that is checked once, not per subject.
      errors.push(...checkData(type.value, header.data ?? {}, context.options));
      sharedChecked = true;
    }
    if (errors.length >= MAX_ERRORS) break;
    index++;
  }
  return errors.slice(0, MAX_ERRORS);
}
