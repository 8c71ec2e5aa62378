import pino, { type Logger } from 'pino';

/**
 * Paths that may carry credentials. API keys and `whsec_` secrets must never reach a log line, whichever
 * object they hide in.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'secret',
  'secrets',
  '*.secret',
  '*.secrets',
  'apiKey',
  '*.apiKey',
  'password',
  '*.password',
];

export function createRootLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  });
}
