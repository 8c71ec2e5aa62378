import { context, propagation, type Context, type TextMapGetter } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/**
 * Adds W3C `traceparent`/`tracestate` for the active span, so a consumer continues the same trace. Headers
 * that already carry a trace (an outbox row stored its request's context) keep it.
 */
export function withTraceHeaders(
  headers: Record<string, string> = {},
  from: Context = context.active(),
): Record<string, string> {
  if (headers.traceparent === undefined) propagation.inject(from, headers);
  return headers;
}

/** The trace context a producer put into a record's headers (or the root context if none). */
export function traceContextOf(headers: IHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, kafkaHeaderGetter);
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  return headers === undefined ? undefined : kafkaHeaderGetter.get(headers, name)?.toString();
}
