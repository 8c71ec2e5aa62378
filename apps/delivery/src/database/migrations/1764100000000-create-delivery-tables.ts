import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeliveryTables1764100000000 implements MigrationInterface {
  name = 'CreateDeliveryTables1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The attempt log: a projection of hookline.delivery-outcomes.v1. The outcome's own position makes
    // re-applying a batch after a crash a no-op.
    await queryRunner.query(`
      CREATE TABLE delivery.attempts (
        id               bigserial   PRIMARY KEY,
        tenant_id        text        NOT NULL,
        event_id         text        NOT NULL,
        event_type       text        NOT NULL,
        endpoint_id      text        NOT NULL,
        webhook_id       text        NOT NULL,
        attempt          integer     NOT NULL,
        trigger          text        NOT NULL,
        started_at       timestamptz NOT NULL,
        duration_ms      integer     NOT NULL,
        result           text        NOT NULL,
        status_code      integer,
        error_class      text,
        error_message    text,
        response_body    text,
        next_attempt_at  timestamptz,
        exhausted        boolean     NOT NULL,
        event_partition  integer,
        event_offset     bigint,
        source_partition integer     NOT NULL,
        source_offset    bigint      NOT NULL,
        UNIQUE (source_partition, source_offset)
      )`);
    await queryRunner.query(`CREATE INDEX attempts_by_tenant ON delivery.attempts (tenant_id, id)`);
    await queryRunner.query(`CREATE INDEX attempts_by_event ON delivery.attempts (tenant_id, event_id, id)`);
    await queryRunner.query(
      `CREATE INDEX attempts_by_endpoint ON delivery.attempts (tenant_id, endpoint_id, id)`,
    );
    // Dead-lettered deliveries (a projection of hookline.deliveries.dlq.v1), kept with the whole task so
    // they can be recovered once the endpoint is fixed.
    await queryRunner.query(`
      CREATE TABLE delivery.dead_letters (
        id               bigserial   PRIMARY KEY,
        tenant_id        text        NOT NULL,
        endpoint_id      text        NOT NULL,
        event_id         text        NOT NULL,
        webhook_id       text        NOT NULL,
        reason           text        NOT NULL,
        task             jsonb       NOT NULL,
        dead_lettered_at timestamptz NOT NULL,
        recovered_at     timestamptz,
        source_partition integer     NOT NULL,
        source_offset    bigint      NOT NULL,
        UNIQUE (source_partition, source_offset)
      )`);
    await queryRunner.query(
      `CREATE INDEX dead_letters_pending ON delivery.dead_letters (tenant_id, endpoint_id, id)
         WHERE recovered_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE delivery.replays (
        id          text        PRIMARY KEY,
        tenant_id   text        NOT NULL,
        endpoint_id text        NOT NULL,
        since       timestamptz NOT NULL,
        until       timestamptz NOT NULL,
        status      text        NOT NULL,
        scanned     bigint      NOT NULL DEFAULT 0,
        enqueued    bigint      NOT NULL DEFAULT 0,
        error       text,
        created_at  timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX replays_by_status ON delivery.replays (status)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE delivery.replays');
    await queryRunner.query('DROP TABLE delivery.dead_letters');
    await queryRunner.query('DROP TABLE delivery.attempts');
  }
}
