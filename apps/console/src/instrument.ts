import { startTracing } from '@hookline/tracing';

// Imported before anything else so OpenTelemetry can patch http and express as they load.
startTracing('hookline-console');
