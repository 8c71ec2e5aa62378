import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateHealthTables1763900000000 implements MigrationInterface {
  name = 'CreateHealthTables1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE health.endpoint_health (
        endpoint_id          text        PRIMARY KEY,
        tenant_id            text        NOT NULL,
        state                text        NOT NULL,
        last_success_at      timestamptz,
        last_failure_at      timestamptz,
        last_attempt_at      timestamptz NOT NULL,
        last_status          integer,
        last_error           text,
        consecutive_failures integer     NOT NULL DEFAULT 0,
        attempts_total       bigint      NOT NULL DEFAULT 0,
        successes_total      bigint      NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(
      `CREATE INDEX endpoint_health_tenant_last_success ON health.endpoint_health (tenant_id, last_success_at)`,
    );
    // The next offset to apply per partition, committed with the state it produced: exactly-once projection.
    await queryRunner.query(`
      CREATE TABLE health.applied_offsets (
        topic       text    NOT NULL,
        partition   integer NOT NULL,
        next_offset bigint  NOT NULL,
        PRIMARY KEY (topic, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE health.applied_offsets');
    await queryRunner.query('DROP TABLE health.endpoint_health');
  }
}
