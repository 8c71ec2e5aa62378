import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { UnsupportedOtlpEncoding, decodeOtlpTraceRequest } from './decode-otlp-request';

/** Two spans (a server span and its consumer child with attributes and a link), as an SDK records them. */
function recordedSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('spec');
  const parent = tracer.startSpan('POST /v1/events', { kind: SpanKind.SERVER });
  const child = tracer.startSpan(
    'hookline.events.v1 process',
    {
      kind: SpanKind.CONSUMER,
      attributes: { 'hookline.tenant': 'acme', 'hookline.attempt': 2, 'hookline.flag': true },
      links: [{ context: parent.spanContext() }],
    },
    trace.setSpan(context.active(), parent),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'receiver answered 503' });
  child.end();
  parent.end();
  return exporter.getFinishedSpans();
}

describe('decodeOtlpTraceRequest', () => {
  const spans = recordedSpans();
  const [child, parent] = spans;

  it.each([
    ['application/x-protobuf', ProtobufTraceSerializer],
    ['application/json', JsonTraceSerializer],
  ])('reads back what the OpenTelemetry JS exporter sends as %s', (contentType, serializer) => {
    const body = Buffer.from(serializer.serializeRequest(spans) as Uint8Array);
    const decoded = decodeOtlpTraceRequest(`${contentType}; charset=utf-8`, body);

    expect(decoded).toHaveLength(2);
    const [decodedChild, decodedParent] = decoded;
    expect(decodedParent).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: parent.spanContext().spanId,
      parentSpanId: '',
      name: 'POST /v1/events',
      kind: 'server',
      service: expect.stringMatching(/^unknown_service/),
      status: 'unset',
    });
    expect(decodedChild).toMatchObject({
      traceId: parent.spanContext().traceId,
      parentSpanId: parent.spanContext().spanId,
      kind: 'consumer',
      attributes: { 'hookline.tenant': 'acme', 'hookline.attempt': 2, 'hookline.flag': true },
      links: [{ traceId: parent.spanContext().traceId, spanId: parent.spanContext().spanId }],
      status: 'error',
      statusMessage: 'receiver answered 503',
    });
    expect(decodedChild.endMs).toBeGreaterThanOrEqual(decodedChild.startMs);
    expect(
      Math.abs(decodedChild.startMs - (child.startTime[0] * 1e3 + child.startTime[1] / 1e6)),
    ).toBeLessThan(1);
  });

  it('refuses an encoding it cannot read', () => {
    expect(() => decodeOtlpTraceRequest('text/plain', Buffer.from('x'))).toThrow(UnsupportedOtlpEncoding);
  });
});
