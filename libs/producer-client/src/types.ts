/**
 * The producer's HTTP contract as an upstream system sees it (mirrors docs/event-contract.md). This package
 * depends on no other Hookline code, so it can be published and installed on its own.
 */
export interface HooklineEventInput {
  /** Your id for the event: the dedupe key. The client fills in a UUID when absent, before the first try. */
  id?: string;
  /** `<entity>.<action>`: `created`, `updated`, `deleted`, `restored`, `deleted_forever`, or a registered one. */
  type: string;
  /** The entity's id. */
  subject: string;
  tenant: string;
  data: Record<string, unknown>;
  time?: string;
  source?: string;
}

export type BatchSubjectInput = string | { subject: string; data?: Record<string, unknown> };

/** One change applied to many entities; Hookline sends one event per subject. */
export interface BatchOperationInput {
  /** The batch id; each event's id derives from it (see `batchEventId`). Filled in when absent. */
  id?: string;
  type: string;
  tenant: string;
  subjects: BatchSubjectInput[];
  /** Shared data for subjects that bring none of their own. */
  data?: Record<string, unknown>;
  time?: string;
  source?: string;
}

export interface PublishedEvent {
  id: string;
  duplicate: boolean;
}

export interface PublishedEvents {
  accepted: number;
  duplicates: number;
  events: PublishedEvent[];
}

export interface PublishedBatch {
  batchid: string;
  batchsize: number;
  accepted: number;
  duplicates: number;
  duplicate: boolean;
}

export interface FieldError {
  field: string;
  message: string;
}
