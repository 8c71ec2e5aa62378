import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { isTracing } from './tracing-state';

const tracer = () => trace.getTracer('hookline');

export interface MessageSpan {
  /** `process <topic>`, `publish <topic>`: operation then destination, as the messaging conventions say. */
  name: string;
  /** The context the record carries (its `traceparent`); its span becomes this span's parent. */
  parent: () => Context;
  attributes: () => Attributes;
}

/**
 * Runs `work` inside a consumer span continuing the record's trace, so everything it does (requests, the
 * records it publishes) belongs to that trace. With tracing off it only calls `work`: the thunks for the
 * parent and attributes are never evaluated.
 */
export function inConsumerSpan<T>(span: MessageSpan, work: () => Promise<T>): Promise<T> {
  if (!isTracing()) return work();
  return inSpan(span.name, SpanKind.CONSUMER, span.parent(), span.attributes(), work);
}

/**
 * Runs `work` inside a client span (an outbound call) under the active span, so a `traceparent` injected
 * by `work` names this span. `describe` turns the result into attributes; an `error.type` among them marks
 * the span failed. With tracing off it only calls `work`.
 */
export function inClientSpan<T>(
  name: string,
  attributes: () => Attributes,
  work: () => Promise<T>,
  describe: (result: T) => Attributes,
): Promise<T> {
  if (!isTracing()) return work();
  return inSpan(name, SpanKind.CLIENT, context.active(), attributes(), async (span) => {
    const result = await work();
    const outcome = describe(result);
    span.setAttributes(outcome);
    if (outcome['error.type'] !== undefined) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(outcome['error.type']) });
    }
    return result;
  });
}

async function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

export interface RecordSpans {
  /** The context of the i-th record's span, to put into what is sent on (its `traceparent`). */
  contextOf(index: number): Context;
  /** Ends every span, as failed when `error` is given. */
  end(error?: unknown): void;
}

const NO_RECORD_SPANS: RecordSpans = { contextOf: () => context.active(), end: () => undefined };

/**
 * One span per record of a batch that is handled as a whole (the outbox relay's publish, a projection's
 * transaction): each continues its own record's trace, so a batch mixing many requests' records still
 * leaves each request one connected trace. With tracing off nothing is evaluated.
 */
export function startRecordSpans(
  kind: 'producer' | 'consumer',
  records: readonly MessageSpan[] | (() => readonly MessageSpan[]),
): RecordSpans {
  if (!isTracing()) return NO_RECORD_SPANS;
  const list = typeof records === 'function' ? records() : records;
  const spanKind = kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER;
  const spans = list.map((record) => {
    const parent = record.parent();
    const span = tracer().startSpan(record.name, { kind: spanKind, attributes: record.attributes() }, parent);
    return { span, context: trace.setSpan(parent, span) };
  });
  return {
    contextOf: (index) => spans[index]?.context ?? context.active(),
    end: (error) => {
      for (const { span } of spans) {
        if (error !== undefined) markFailed(span, error);
        span.end();
      }
    },
  };
}

/**
 * Names what an HTTP request is about (tenant, event ids) on its server span, the root of the request's
 * trace, rather than on whichever framework span happens to be active.
 */
export function annotateServerSpan(attributes: () => Attributes): void {
  if (!isTracing()) return;
  const active = context.active();
  const span = getRPCMetadata(active)?.span ?? trace.getSpan(active);
  span?.setAttributes(attributes());
}

function markFailed(span: Span, error: unknown): void {
  // The message only: errors here name ids and statuses, never secrets (see the services' error texts).
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}
