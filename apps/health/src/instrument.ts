import { startTracing } from '@hookline/observability';

// Imported before anything else so OpenTelemetry can patch http, pg and kafkajs as they load.
startTracing('hookline-health');
