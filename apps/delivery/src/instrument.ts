import { startTracing } from '@hookline/observability';

// Imported before anything else so OpenTelemetry can patch http, undici and kafkajs as they load.
startTracing('hookline-delivery');
