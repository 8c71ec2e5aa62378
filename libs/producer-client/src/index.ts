export { HooklineClient, HooklineRequestError, HooklineUnavailableError } from './hookline-client';
export type { HooklineClientOptions } from './hookline-client';
export {
  DEFAULT_OUTBOX_TABLE,
  HooklineOutbox,
  HooklineOutboxRelay,
  hooklineOutboxTableSql,
} from './typeorm-outbox';
export type { DrainResult, HooklineOutboxRelayOptions } from './typeorm-outbox';
export { batchEventId } from './batch-event-id';
export type {
  BatchOperationInput,
  BatchSubjectInput,
  FieldError,
  HooklineEventInput,
  PublishedBatch,
  PublishedEvent,
  PublishedEvents,
} from './types';
