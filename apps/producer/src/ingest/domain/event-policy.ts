import {
  LIFECYCLE_ACTIONS,
  MAX_DATA_DEPTH,
  OPERATIONAL_EVENT_TYPES,
  RESERVED_EVENT_TYPE_PREFIXES,
  compileDataSchema,
  eventTypeParts,
  isReservedEventType,
  jsonValueTooDeep,
  tooDeepMessage,
  type DataValidator,
  type EventTypeRecord,
  type FieldError,
  type Validated,
} from '@hookline/contracts';

/** What the producer needs to know about tenants and their registered event types. */
export interface EventCatalog {
  isTenantKnown(tenantId: string): boolean;
  eventType(tenantId: string, type: string): EventTypeRecord | undefined;
}

/**
 * Who submitted: an upstream system (HTTP, or the ingest topic), or Hookline itself (the subscription
 * service's operational notices). Only Hookline may publish types under its reserved prefixes.
 */
export type SubmissionOrigin = 'upstream' | 'hookline';

export interface PolicyOptions {
  requireKnownTenant: boolean;
  /** Largest `data` (as JSON) an event may carry: the whole event must stay far below Kafka's 1 MB. */
  maxDataBytes: number;
}

const LIFECYCLE: ReadonlySet<string> = new Set(LIFECYCLE_ACTIONS);
const OPERATIONAL: ReadonlySet<string> = new Set(OPERATIONAL_EVENT_TYPES);

/** Compiled tenant schemas, keyed by tenant, type and registration version (a new version recompiles). */
export class DataSchemaCache {
  private readonly validators = new Map<string, DataValidator | Error>();

  constructor(private readonly capacity = 1_000) {}

  validatorFor(record: EventTypeRecord & { schema: Record<string, unknown> }): DataValidator | Error {
    const key = `${record.tenantId}\u0000${record.type}\u0000${record.version}`;
    let validator = this.validators.get(key);
    if (validator === undefined) {
      try {
        validator = compileDataSchema(record.schema);
      } catch (error) {
        validator = error as Error;
      }
      if (this.validators.size >= this.capacity) this.validators.clear();
      this.validators.set(key, validator);
    }
    return validator;
  }
}

/**
 * Whether a tenant may publish this type, and the validator for its `data` if a schema is registered.
 * Built-in lifecycle actions (created, updated, deleted, restored, deleted_forever) are always allowed;
 * Hookline's own operational types (`endpoint.disabled`, …) are allowed from Hookline only, and nothing
 * under its reserved prefixes comes from upstream (a forged `endpoint.disabled` would reach tenants as
 * Hookline's word); any other action must be registered (and not archived) by the tenant.
 */
/** How a refusal of a reserved type begins, so a consumer can tell it from other invalid records. */
export const RESERVED_TYPE_REFUSAL = "is reserved for Hookline's own notices";

/** Whether field errors include the refusal of one of Hookline's reserved types. */
export function refusesReservedType(errors: readonly FieldError[]): boolean {
  return errors.some((error) => error.field === 'type' && error.message.startsWith(RESERVED_TYPE_REFUSAL));
}

export function resolveEventType(
  catalog: EventCatalog,
  schemas: DataSchemaCache,
  options: PolicyOptions,
  tenantId: string,
  type: string,
  origin: SubmissionOrigin,
): Validated<DataValidator | undefined> {
  if (origin === 'upstream' && isReservedEventType(type)) {
    const reserved = RESERVED_EVENT_TYPE_PREFIXES.map((prefix) => `${prefix}*`).join(', ');
    return {
      ok: false,
      errors: [
        {
          field: 'type',
          message: `${RESERVED_TYPE_REFUSAL} (${reserved}); upstream systems cannot publish it`,
        },
      ],
    };
  }
  if (options.requireKnownTenant && !catalog.isTenantKnown(tenantId)) {
    return { ok: false, errors: [{ field: 'tenant', message: `"${tenantId}" is not a known tenant` }] };
  }
  const registered = catalog.eventType(tenantId, type);
  const live = registered !== undefined && !registered.archived ? registered : undefined;
  if (live?.schema != null) {
    const validator = schemas.validatorFor({ ...live, schema: live.schema });
    if (validator instanceof Error) {
      return {
        ok: false,
        errors: [
          {
            field: 'type',
            message: `has a registered data schema that does not compile (${validator.message})`,
          },
        ],
      };
    }
    return { ok: true, value: validator };
  }
  const builtIn =
    LIFECYCLE.has(eventTypeParts(type).action) || (origin === 'hookline' && OPERATIONAL.has(type));
  if (live !== undefined || builtIn) return { ok: true, value: undefined };
  const message =
    registered?.archived === true
      ? 'is an archived event type'
      : `is not an event type this tenant registered (unregistered types must use a built-in action: ${LIFECYCLE_ACTIONS.join(', ')})`;
  return { ok: false, errors: [{ field: 'type', message }] };
}

/** Checks `data`'s size and the type's schema; errors carry `prefix` (e.g. `[3].` or `subjects[7].`). */
export function checkData(
  validator: DataValidator | undefined,
  data: unknown,
  options: PolicyOptions,
  prefix = '',
): FieldError[] {
  // Depth before size: measuring the size stringifies, which a very deep value would make throw.
  if (jsonValueTooDeep(data, MAX_DATA_DEPTH)) {
    return [{ field: `${prefix}data`, message: tooDeepMessage(MAX_DATA_DEPTH) }];
  }
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > options.maxDataBytes) {
    return [
      {
        field: `${prefix}data`,
        message: `is ${bytes} bytes as JSON, over the limit of ${options.maxDataBytes}`,
      },
    ];
  }
  if (validator === undefined) return [];
  const result = validator(data);
  return result.ok ? [] : result.errors.map((error) => ({ ...error, field: `${prefix}${error.field}` }));
}
