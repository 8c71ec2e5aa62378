import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What started an attempt (the event, or a resend, replay or recovery), so a trace can say so. */
export class AttemptTrigger1764000000001 implements MigrationInterface {
  name = 'AttemptTrigger1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE health.delivery_attempts ADD COLUMN trigger text NOT NULL DEFAULT 'event'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE health.delivery_attempts DROP COLUMN trigger');
  }
}
