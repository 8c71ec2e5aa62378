import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Routing records list at most 100 skipped endpoints; how many more there were is kept beside them. */
export class EventRoutesSkippedOmitted1764500000001 implements MigrationInterface {
  name = 'EventRoutesSkippedOmitted1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE health.event_routes ADD COLUMN skipped_omitted integer NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE health.event_routes DROP COLUMN skipped_omitted');
  }
}
