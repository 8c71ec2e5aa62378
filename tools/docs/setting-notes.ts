/**
 * What a setting does, for settings whose config-class property has no doc comment (a doc comment on the
 * property wins). Every setting needs one or the other: tools/docs/settings-reference.spec.ts checks.
 */
export const SETTING_NOTES: Record<string, string> = {
  KAFKA_BROKERS: 'Bootstrap brokers, comma-separated `host:port`.',
  KAFKA_SSL: 'Connect to Kafka over TLS.',
  KAFKA_SASL_MECHANISM: 'SASL mechanism; SASL is off when unset.',
  KAFKA_SASL_USERNAME: 'SASL username.',
  KAFKA_SASL_PASSWORD: 'SASL password. Secret.',
  KAFKA_REPLICATION_FACTOR: 'Replication factor of the topics a process creates; 3 on a real cluster.',
  DATABASE_URL: 'Postgres URL (`postgres://` or `postgresql://`). Secret: it holds the password.',
  DATABASE_SSL: 'Connect to Postgres over TLS.',
  DATABASE_POOL_SIZE:
    "Postgres connections per process; processes × pool must fit the server's `max_connections`.",
  HOST: 'HTTP listen address.',
  PORT: 'HTTP port (`/healthz`, `/readyz`, `/metrics` and the API).',
  LOG_LEVEL: 'Log level (JSON logs on stdout; credentials are redacted).',
  INGEST_MAX_BATCH_SUBJECTS: 'Most ids one batch operation may expand to.',
  INGEST_DEDUPE_WINDOW_HOURS: 'How long an event id is remembered for dedupe.',
  INGEST_DEDUPE_PURGE_INTERVAL_MS: 'How often dedupe records older than the window are purged.',
  INGEST_CONSUMER_ENABLED: 'Consume the ingest topic (`hookline.ingest.v1`) besides the HTTP API.',
  OUTBOX_BATCH_SIZE: 'Outbox rows the relay publishes per transaction.',
  OUTBOX_POLL_INTERVAL_MS: 'How often the outbox relay polls when no NOTIFY woke it.',
};
