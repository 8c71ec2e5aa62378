export { TOPIC_BASE_NAMES, topicNames } from './topics';
export type { TopicNames, TopicRole } from './topics';
export { EVENT_ID_PATTERN, EVENT_TYPE_PATTERN, LIFECYCLE_ACTIONS, TENANT_ID_PATTERN } from './event-envelope';
export type { HooklineEvent, LifecycleAction } from './event-envelope';
export { validateHooklineEvent } from './event-envelope.schema';
export { eventTypeParts } from './event-type-parts';
export type { EventTypeParts } from './event-type-parts';
export { RESERVED_EVENT_TYPE_PREFIXES, eventTypeMatches, isReservedEventType } from './event-type-filter';
export { eventPartitionKey } from './event-partition-key';
export { toCanonicalEvent, validateIngestEvent } from './ingest-event';
export type { CanonicalDefaults, IngestEvent } from './ingest-event';
export { describeFieldErrors } from './field-error';
export type { FieldError, Validated } from './field-error';
export { compileValidator, parseJson } from './schema-validator';
export {
  JsonDepthGauge,
  MAX_DATA_DEPTH,
  MAX_JSON_DEPTH,
  jsonTextTooDeep,
  jsonValueTooDeep,
  tooDeepMessage,
} from './json-depth';
export type { Validator } from './schema-validator';
export type {
  ApiKeyRecord,
  EndpointRecord,
  EndpointSecretRecord,
  EndpointVerificationRecord,
  EventTypeRecord,
  SubscriptionRecord,
  TenantRecord,
} from './subscription-records';
export {
  eventTypeOfRecordKey,
  eventTypeRecordKey,
  tenantIdOfRecordKey,
  tenantRecordKey,
} from './subscription-records';
export { validateSubscriptionRecord } from './subscription-records.schema';
export { validateDeliveryOutcome } from './delivery-outcome';
export type { DeliveryOutcome } from './delivery-outcome';
export { validateEndpointHealthDecision } from './endpoint-health-decision';
export type { EndpointHealthDecision, EndpointHealthDecisionCause } from './endpoint-health-decision';
export { validateEventRoutingRecord } from './event-routing-record';
export { MAX_LISTED_SKIPPED_ENDPOINTS, routingRecordEndpointCapacity } from './routing-record-bounds';
export { endpointUrlProblem, isEndpointUrl, normalizeEndpointUrl } from './endpoint-url';
export type { EventRoutingRecord, RoutingSkipReason } from './event-routing-record';
export { webhookIdFor } from './webhook-id';
export {
  batchEventId,
  contentBatchId,
  expandBatchSubject,
  isBatchOperation,
  subjectOf,
  validateIngestBatchHeader,
  validateIngestBatchOperation,
  validateIngestBatchSubject,
} from './ingest-batch';
export type {
  BatchExpansion,
  IngestBatchHeader,
  IngestBatchOperation,
  IngestBatchSubject,
} from './ingest-batch';
export {
  MAX_DATA_SCHEMA_BYTES,
  MAX_DATA_SCHEMA_DEPTH,
  compileDataSchema,
  dataSchemaProblems,
} from './ingest-data-schema';
export {
  OPERATIONAL_EVENT_TYPES,
  operationalEventFilters,
  selectsOperationalEvents,
} from './ingest-operational-types';
export {
  DEFAULT_TENANT_QUOTAS,
  effectiveTenantQuotas,
  isTenantQuotaName,
  TENANT_QUOTA_MAXIMA,
  TENANT_QUOTA_NAMES,
  tenantQuotaLimit,
} from './tenant-quotas';
export type { TenantQuotaName, TenantQuotas } from './tenant-quotas';
export type { DataValidator } from './ingest-data-schema';
