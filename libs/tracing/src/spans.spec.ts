import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { inClientSpan, inConsumerSpan, startRecordSpans } from './spans';
import { setTracing } from './tracing-state';

const exporter = new node.InMemorySpanExporter();
// Registers the W3C propagator and an AsyncLocalStorage context manager, as the SDK does in a service.
new node.NodeTracerProvider({ spanProcessors: [new node.SimpleSpanProcessor(exporter)] }).register();

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const parentFromHeaders = (spanId: string) => () =>
  propagation.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE_ID}-${spanId}-01` });
const never = () => {
  throw new Error('evaluated although tracing is off');
};

afterEach(() => {
  exporter.reset();
  setTracing(false);
});

describe('with tracing off', () => {
  it('only runs the work: no span, and no name, parent or attributes are computed', async () => {
    await expect(
      inConsumerSpan({ name: 'x', parent: never, attributes: never }, () => Promise.resolve(7)),
    ).resolves.toBe(7);
    await expect(inClientSpan('x', never, () => Promise.resolve(8), never)).resolves.toBe(8);
    startRecordSpans('consumer', never).end();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe('with tracing on', () => {
  beforeEach(() => setTracing(true));

  it("continues the record's trace in a consumer span that is active while the work runs", async () => {
    let active: string | undefined;
    await inConsumerSpan(
      { name: 'process events', parent: parentFromHeaders('b7ad6b7169203331'), attributes: () => ({ a: 1 }) },
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        active = trace.getActiveSpan()?.spanContext().spanId;
      },
    );
    const [span] = exporter.getFinishedSpans();
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.attributes).toEqual({ a: 1 });
    expect(active).toBe(span.spanContext().spanId);
  });

  it('marks the span failed and rethrows when the work fails', async () => {
    const failing = inConsumerSpan(
      { name: 'process events', parent: () => ROOT_CONTEXT, attributes: () => ({}) },
      () => Promise.reject(new Error('broker gone')),
    );
    await expect(failing).rejects.toThrow('broker gone');
    expect(exporter.getFinishedSpans()[0].status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'broker gone',
    });
  });

  it('opens a client span under the active one and records what the result says', async () => {
    await inConsumerSpan(
      { name: 'process', parent: parentFromHeaders('b7ad6b7169203331'), attributes: () => ({}) },
      () =>
        inClientSpan(
          'POST webhook',
          () => ({ 'hookline.attempt': 1 }),
          () => Promise.resolve(503),
          (status) => ({ 'http.response.status_code': status, 'error.type': 'http_5xx' }),
        ),
    );
    const [client, consumer] = exporter.getFinishedSpans();
    expect(client.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect(client.attributes).toEqual({
      'hookline.attempt': 1,
      'http.response.status_code': 503,
      'error.type': 'http_5xx',
    });
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("gives each record of a batch its own span under its own record's trace", () => {
    const spans = startRecordSpans('producer', [
      { name: 'send a', parent: parentFromHeaders('1111111111111111'), attributes: () => ({ n: 1 }) },
      { name: 'send b', parent: () => ROOT_CONTEXT, attributes: () => ({ n: 2 }) },
    ]);
    const carried = trace.getSpan(spans.contextOf(0))?.spanContext();
    spans.end(new Error('publish failed'));
    const [first, second] = exporter.getFinishedSpans();
    expect(first.parentSpanContext?.spanId).toBe('1111111111111111');
    expect(carried).toEqual(first.spanContext());
    expect(second.parentSpanContext).toBeUndefined();
    expect(second.spanContext().traceId).not.toBe(TRACE_ID);
    expect([first.kind, second.kind]).toEqual([SpanKind.PRODUCER, SpanKind.PRODUCER]);
    expect([first.status.code, second.status.code]).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
    expect(context.active()).toBe(ROOT_CONTEXT);
  });
});
