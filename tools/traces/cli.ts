/**
 * `npm run traces`: an OTLP/HTTP receiver on 127.0.0.1:4318 that prints each trace as an indented tree once
 * it has been quiet for a moment (spans of one trace arrive from several services, each batching exports).
 * Point the services at it with `OTEL_TRACES_EXPORTER=otlp npm start` (4318 is the OTLP/HTTP default port).
 * TRACES_PORT and TRACES_HOST change where it listens; TRACES_QUIET_MS how long a trace must be quiet;
 * TRACES_ALL_ATTRIBUTES=true prints every attribute, not only Hookline's ids and the status codes.
 */
import { OtlpTraceReceiver } from './otlp-trace-receiver';
import { formatTrace } from './span-tree';

const port = Number(process.env.TRACES_PORT ?? 4318);
const host = process.env.TRACES_HOST ?? '127.0.0.1';
const quietMs = Number(process.env.TRACES_QUIET_MS ?? 2_000);
const attributePrefixes =
  process.env.TRACES_ALL_ATTRIBUTES === 'true'
    ? undefined
    : [
        'hookline.',
        'http.route',
        'http.status_code',
        'http.response.status_code',
        'error.type',
        'db.statement',
      ];

const receiver = new OtlpTraceReceiver();
const pending = new Map<string, NodeJS.Timeout>();
const printed = new Set<string>();

receiver.onSpans((spans) => {
  for (const traceId of new Set(spans.map((span) => span.traceId))) {
    clearTimeout(pending.get(traceId));
    pending.set(
      traceId,
      setTimeout(() => {
        pending.delete(traceId);
        const again = printed.has(traceId) ? ' (updated: more spans arrived)' : '';
        printed.add(traceId);
        console.log(`\n${formatTrace(traceId, receiver.trace(traceId), { attributePrefixes })}${again}`);
      }, quietMs),
    );
  }
});

receiver.start(port, host).then(
  (url) => console.log(`OTLP/HTTP trace receiver on ${url}/v1/traces (JSON or protobuf); Ctrl-C stops it`),
  (error: unknown) => {
    console.error(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
    process.exit(1);
  },
);

const stop = () => void receiver.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
