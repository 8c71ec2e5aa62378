import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-minute buckets for the 1 h / 24 h / 7 d windows, the endpoint registry columns mirrored from the
 * subscriptions topic, the attempt log and routing records behind event traces, the decisions already taken
 * (so a notice is never sent twice), and the outbox that publishes them.
 */
export class HealthWindowsTraceDecisions1764000000000 implements MigrationInterface {
  name = 'HealthWindowsTraceDecisions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE health.endpoint_health
        ALTER COLUMN last_attempt_at DROP NOT NULL,
        ADD COLUMN last_error_class          text,
        ADD COLUMN failure_streak_started_at timestamptz,
        ADD COLUMN enabled                   boolean     NOT NULL DEFAULT true,
        ADD COLUMN deleted                   boolean     NOT NULL DEFAULT false,
        ADD COLUMN disabled_reason           text,
        ADD COLUMN endpoint_created_at       timestamptz,
        ADD COLUMN failures_reset_at         timestamptz,
        ADD COLUMN retired_at                timestamptz,
        ADD COLUMN retired_reason            text`);
    await queryRunner.query('DROP INDEX health.endpoint_health_tenant_last_success');
    // Keyset pagination of a tenant's endpoints by (last_success_at, endpoint_id), optionally by state.
    await queryRunner.query(
      `CREATE INDEX endpoint_health_tenant_last_success ON health.endpoint_health (tenant_id, last_success_at, endpoint_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX endpoint_health_tenant_state ON health.endpoint_health (tenant_id, state, last_success_at, endpoint_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE health.endpoint_minute_stats (
        endpoint_id    text        NOT NULL,
        minute         timestamptz NOT NULL,
        attempts       integer     NOT NULL,
        successes      integer     NOT NULL,
        latency_counts integer[]   NOT NULL,
        PRIMARY KEY (endpoint_id, minute)
      )`);
    await queryRunner.query(
      'CREATE INDEX endpoint_minute_stats_minute ON health.endpoint_minute_stats (minute)',
    );
    await queryRunner.query(`
      CREATE TABLE health.delivery_attempts (
        tenant_id       text        NOT NULL,
        event_id        text        NOT NULL,
        endpoint_id     text        NOT NULL,
        attempt         integer     NOT NULL,
        started_at      timestamptz NOT NULL,
        event_type      text        NOT NULL,
        webhook_id      text        NOT NULL,
        duration_ms     integer     NOT NULL,
        result          text        NOT NULL,
        status_code     integer,
        error_class     text,
        error_message   text,
        response_body   text,
        next_attempt_at timestamptz,
        exhausted       boolean     NOT NULL,
        PRIMARY KEY (tenant_id, event_id, endpoint_id, attempt, started_at)
      )`);
    await queryRunner.query(
      'CREATE INDEX delivery_attempts_started_at ON health.delivery_attempts (started_at)',
    );
    await queryRunner.query(`
      CREATE TABLE health.event_routes (
        tenant_id    text        NOT NULL,
        event_id     text        NOT NULL,
        event_type   text        NOT NULL,
        subject      text        NOT NULL,
        routed_at    timestamptz NOT NULL,
        tenant_known boolean     NOT NULL,
        matched      jsonb       NOT NULL,
        skipped      jsonb       NOT NULL,
        PRIMARY KEY (tenant_id, event_id)
      )`);
    await queryRunner.query('CREATE INDEX event_routes_routed_at ON health.event_routes (routed_at)');
    await queryRunner.query(`
      CREATE TABLE health.decisions (
        decision_id text        PRIMARY KEY,
        endpoint_id text        NOT NULL,
        tenant_id   text        NOT NULL,
        decision    text        NOT NULL,
        reason      text        NOT NULL,
        decided_at  timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX decisions_endpoint ON health.decisions (endpoint_id, decided_at)');
    await queryRunner.query(`
      CREATE TABLE health.outbox (
        id         bigserial   PRIMARY KEY,
        topic      text        NOT NULL,
        key        text,
        value      text,
        headers    jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE health.outbox');
    await queryRunner.query('DROP TABLE health.decisions');
    await queryRunner.query('DROP TABLE health.event_routes');
    await queryRunner.query('DROP TABLE health.delivery_attempts');
    await queryRunner.query('DROP TABLE health.endpoint_minute_stats');
    await queryRunner.query('DROP INDEX health.endpoint_health_tenant_state');
    await queryRunner.query('DROP INDEX health.endpoint_health_tenant_last_success');
    await queryRunner.query(
      `CREATE INDEX endpoint_health_tenant_last_success ON health.endpoint_health (tenant_id, last_success_at)`,
    );
    await queryRunner.query(`
      ALTER TABLE health.endpoint_health
        DROP COLUMN last_error_class, DROP COLUMN failure_streak_started_at, DROP COLUMN enabled,
        DROP COLUMN deleted, DROP COLUMN disabled_reason, DROP COLUMN endpoint_created_at,
        DROP COLUMN failures_reset_at, DROP COLUMN retired_at, DROP COLUMN retired_reason`);
  }
}
