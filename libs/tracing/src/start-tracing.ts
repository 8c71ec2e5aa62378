import type * as AutoInstrumentations from '@opentelemetry/auto-instrumentations-node';
import type * as SdkNode from '@opentelemetry/sdk-node';
import { setTracing } from './tracing-state';

interface TracingSdk {
  start(): void;
  shutdown(): Promise<void>;
}

let sdk: TracingSdk | undefined;

/** Probes and scrapes: every few seconds, never interesting, and each would be a trace of its own. */
const UNTRACED_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts OpenTelemetry before anything else is loaded, so HTTP, Express, Postgres and pino get patched (the
 * services are webpack bundles with every npm package external, so the patches apply to what they require).
 * Off unless `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`); the SDK is then not even loaded.
 * The SDK reads the standard `OTEL_*` variables, which is why this is the one place outside config/ that
 * looks at the environment.
 *
 * kafkajs and undici are not auto-instrumented: Hookline's own spans cover them (`inConsumerSpan`,
 * `startRecordSpans`, the delivery attempt span). The kafkajs instrumentation would replace the trace an
 * outbox row carries with the relay's, and the undici one would add a second `traceparent` to webhooks.
 */
export function startTracing(serviceName: string): void {
  const exporter = process.env.OTEL_TRACES_EXPORTER;
  if (exporter === undefined || exporter === '' || exporter === 'none' || sdk !== undefined) return;
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const { getNodeAutoInstrumentations } =
    require('@opentelemetry/auto-instrumentations-node') as typeof AutoInstrumentations;
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    instrumentations: [
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-http': {
          enabled: true,
          ignoreIncomingRequestHook: (request) => UNTRACED_ROUTES.has((request.url ?? '').split('?')[0]),
          requireParentforOutgoingSpans: true,
        },
        '@opentelemetry/instrumentation-express': { enabled: true },
        '@opentelemetry/instrumentation-nestjs-core': { enabled: true },
        // Only queries made while serving something: the relay's and projections' polling would otherwise
        // be a trace per query. Statements carry placeholders, never the values.
        '@opentelemetry/instrumentation-pg': { enabled: true, requireParentSpan: true },
        // trace_id and span_id in every log line written inside a span.
        '@opentelemetry/instrumentation-pino': { enabled: true, disableLogSending: true },
        '@opentelemetry/instrumentation-kafkajs': { enabled: false },
        '@opentelemetry/instrumentation-undici': { enabled: false },
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
    ],
  });
  sdk.start();
  setTracing(true);
}

/** Flushes spans not yet exported; safe to call when tracing is off or already stopped. */
export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  setTracing(false);
  await running?.shutdown();
}

/** The `OTEL_*` variables of an environment: what a launcher passes on to the services it starts. */
export function tracingEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('OTEL_') && entry[1] !== undefined,
    ),
  );
}
