import { startTracing } from '@hookline/tracing';

// Imported before anything else so OpenTelemetry can patch http, express, pg and pino as they load.
startTracing('hookline-health');
