import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dead letters that concern a tenant's event, so the event trace can say "dead-lettered: <reason>". */
export class EventDeadLetters1764600000000 implements MigrationInterface {
  name = 'EventDeadLetters1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE health.event_dead_letters (
        tenant_id text NOT NULL,
        event_id text NOT NULL,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL,
        consumer text NOT NULL,
        reason_class text NOT NULL,
        reason text NOT NULL,
        dead_lettered_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, event_id, source_topic, source_partition, source_offset)
      )`);
    await queryRunner.query(
      'CREATE INDEX event_dead_letters_at ON health.event_dead_letters (dead_lettered_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE health.event_dead_letters');
  }
}
