import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestTables1763900000000 implements MigrationInterface {
  name = 'CreateIngestTables1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The dedupe key: one row per accepted (tenant, event id), kept for the dedupe window.
    await queryRunner.query(`
      CREATE TABLE producer.ingested_events (
        tenant_id   text        NOT NULL,
        event_id    text        NOT NULL,
        accepted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, event_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX ingested_events_accepted_at ON producer.ingested_events (accepted_at)`,
    );
    // Records waiting for the relay; written in the same transaction as the dedupe key.
    await queryRunner.query(`
      CREATE TABLE producer.outbox (
        id         bigserial   PRIMARY KEY,
        topic      text        NOT NULL,
        key        text,
        value      text,
        headers    jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE producer.outbox');
    await queryRunner.query('DROP TABLE producer.ingested_events');
  }
}
