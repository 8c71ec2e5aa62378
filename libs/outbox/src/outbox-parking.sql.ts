/**
 * The table a relay moves rows to that Kafka can never take (too large for their topic): they leave the
 * outbox, so the rows behind them keep flowing, and stay here with the reason until an operator acts (see
 * docs/operations.md, "Parked outbox rows"). Each service's migration creates it in its own schema.
 */
export function createOutboxParkedTableSql(schema: string): string {
  return `
    CREATE TABLE "${schema}".outbox_parked (
      id        bigint      PRIMARY KEY,
      topic     text        NOT NULL,
      key       text,
      value     text,
      headers   jsonb       NOT NULL,
      reason    text        NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT now()
    )`;
}

export function dropOutboxParkedTableSql(schema: string): string {
  return `DROP TABLE "${schema}".outbox_parked`;
}
