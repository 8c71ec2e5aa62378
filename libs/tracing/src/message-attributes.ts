import type { Attributes } from '@opentelemetry/api';
import { HooklineAttributes } from './hookline-attributes';

/** Where a consumed record came from (OpenTelemetry messaging conventions). */
export function consumedRecordAttributes(topic: string, partition: number, offset: string): Attributes {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': topic,
    'messaging.destination.partition.id': String(partition),
    'messaging.kafka.offset': Number(offset),
  };
}

/** The event a span handles: its id, tenant and type (never its data, which is the tenant's business). */
export function eventAttributes(event: { id: string; tenantid: string; type: string }): Attributes {
  return {
    [HooklineAttributes.eventId]: event.id,
    [HooklineAttributes.tenant]: event.tenantid,
    [HooklineAttributes.eventType]: event.type,
  };
}
