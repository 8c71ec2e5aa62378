import { ROOT_CONTEXT, propagation, type Attributes } from '@opentelemetry/api';
import { HooklineAttributes, isTracing, startRecordSpans, type RecordSpans } from '@hookline/tracing';
import type { OutboxRow } from './outbox-leader-session';

const NO_SPANS: RecordSpans = startRecordSpans('producer', []);

/**
 * One `send <topic>` span per row, continuing the trace the row was written in (its stored `traceparent`,
 * taken from the request that wrote it), and the row's headers then carry the span's own context: the
 * consumer's span is the child of this publish, which is the child of the request. Rows written by many
 * requests and published in one batch so still leave each request one connected trace.
 */
export function startPublishSpans(rows: OutboxRow[]): RecordSpans {
  if (!isTracing()) return NO_SPANS;
  const spans = startRecordSpans(
    'producer',
    rows.map((row) => ({
      name: `send ${row.topic}`,
      parent: () => propagation.extract(ROOT_CONTEXT, row.headers),
      attributes: () => publishAttributes(row),
    })),
  );
  rows.forEach((row, index) => {
    delete row.headers.traceparent;
    delete row.headers.tracestate;
    propagation.inject(spans.contextOf(index), row.headers);
  });
  return spans;
}

function publishAttributes(row: OutboxRow): Attributes {
  const attributes: Attributes = {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'send',
    'messaging.destination.name': row.topic,
    'hookline.outbox_id': row.id,
  };
  // Hookline's event records name their event and tenant in CloudEvents headers; other records do not.
  if (row.headers.ce_id !== undefined) attributes[HooklineAttributes.eventId] = row.headers.ce_id;
  if (row.headers.ce_tenantid !== undefined) attributes[HooklineAttributes.tenant] = row.headers.ce_tenantid;
  if (row.headers.ce_type !== undefined) attributes[HooklineAttributes.eventType] = row.headers.ce_type;
  return attributes;
}
