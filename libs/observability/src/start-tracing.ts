import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { NodeSDK } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry before anything else is loaded, so HTTP, Postgres, Kafka and undici get patched.
 * Off unless `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`); the SDK itself reads the standard
 * `OTEL_*` variables, which is why this is the one place outside config/ that looks at the environment.
 */
export function startTracing(serviceName: string): void {
  const exporter = process.env.OTEL_TRACES_EXPORTER;
  if (exporter === undefined || exporter === '' || exporter === 'none' || sdk !== undefined) return;
  process.env.OTEL_SERVICE_NAME ??= serviceName;
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  sdk = new NodeSDK({
    instrumentations: [
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
    ],
  });
  sdk.start();
}

/** Flushes spans on shutdown; safe to call when tracing is off. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
