/** One span as the trace tools use it: ids in hex, times in ms, attributes as plain values. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a trace's root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKindName;
  service: string;
  /** The exporting process's resource attributes (service.name, host, process, SDK). */
  resource: Record<string, AttributeValue>;
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  links: Array<{ traceId: string; spanId: string }>;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
}

export type AttributeValue = string | number | boolean | AttributeValue[] | null;
export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

const KINDS: SpanKindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'] as const;

/**
 * The shapes an OTLP export request takes once parsed: OTLP/JSON (hex ids, string or number times) or a
 * protobuf message decoded by protobufjs (byte ids, Long times). Both are read by `spansOf`.
 */
export interface OtlpTraceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] } | null;
    scopeSpans?: Array<{ spans?: OtlpSpan[] | null }> | null;
  }> | null;
}

interface OtlpSpan {
  traceId: string | Uint8Array;
  spanId: string | Uint8Array;
  parentSpanId?: string | Uint8Array | null;
  name: string;
  kind?: number | string | null;
  startTimeUnixNano: unknown;
  endTimeUnixNano: unknown;
  attributes?: OtlpKeyValue[] | null;
  links?: Array<{ traceId: string | Uint8Array; spanId: string | Uint8Array }> | null;
  status?: { code?: number | string | null; message?: string | null } | null;
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | null;
}

interface OtlpAnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: unknown;
  doubleValue?: number | null;
  arrayValue?: { values?: OtlpAnyValue[] | null } | null;
  bytesValue?: string | Uint8Array | null;
}

/** Flattens an export request into spans, each named by the `service.name` of its resource. */
export function spansOf(request: OtlpTraceRequest): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown';
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) spans.push(toReceivedSpan(span, service, resource));
    }
  }
  return spans;
}

function toReceivedSpan(
  span: OtlpSpan,
  service: string,
  resource: Record<string, AttributeValue>,
): ReceivedSpan {
  const statusCode = enumIndex(span.status?.code, STATUS, 'STATUS_CODE_');
  return {
    traceId: hexId(span.traceId),
    spanId: hexId(span.spanId),
    parentSpanId: span.parentSpanId == null ? '' : hexId(span.parentSpanId),
    name: span.name,
    kind: KINDS[enumIndex(span.kind, KINDS, 'SPAN_KIND_')] ?? 'unspecified',
    service,
    resource,
    startMs: nanosToMs(span.startTimeUnixNano),
    endMs: nanosToMs(span.endTimeUnixNano),
    attributes: attributesOf(span.attributes),
    links: (span.links ?? []).map((link) => ({ traceId: hexId(link.traceId), spanId: hexId(link.spanId) })),
    status: STATUS[statusCode] ?? 'unset',
    ...(span.status?.message ? { statusMessage: span.status.message } : {}),
  };
}

function attributesOf(list: OtlpKeyValue[] | null | undefined): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const { key, value } of list ?? []) attributes[key] = plainValue(value);
  return attributes;
}

function plainValue(value: OtlpAnyValue | null | undefined): AttributeValue {
  if (value == null) return null;
  if (value.stringValue != null) return value.stringValue;
  if (value.boolValue != null) return value.boolValue;
  if (value.intValue != null) return Number(toBigInt(value.intValue));
  if (value.doubleValue != null) return value.doubleValue;
  if (value.arrayValue != null) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.bytesValue != null) return hexId(value.bytesValue);
  return null;
}

/** OTLP/JSON carries ids as hex strings; protobuf as bytes. An empty id (no parent) becomes ''. */
function hexId(id: string | Uint8Array): string {
  return typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');
}

/** Enums arrive as numbers (protobuf, the JS exporter's JSON) or as names (`SPAN_KIND_SERVER`). */
function enumIndex(value: unknown, names: readonly string[], prefix: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return names.indexOf(value.replace(prefix, '').toLowerCase());
  return 0;
}

/** Times arrive as decimal strings (JSON), numbers, or protobufjs Longs; all become ms. */
function nanosToMs(value: unknown): number {
  return value == null ? 0 : Number(toBigInt(value)) / 1e6;
}

/** A 64-bit integer as OTLP/JSON (string or number) or protobufjs (a Long: `low`/`high` words) has it. */
function toBigInt(value: unknown): bigint {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return BigInt(value);
  }
  if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
    const { low, high } = value as { low: number; high: number };
    return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  }
  throw new Error(`not a 64-bit integer: ${JSON.stringify(value)}`);
}
