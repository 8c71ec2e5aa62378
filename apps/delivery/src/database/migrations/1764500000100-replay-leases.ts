import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replay ownership across replicas: the process that runs a replay holds a lease it renews; another resumes
 * the replay only once the lease lapsed, from the per-partition checkpoint the runner writes as it goes.
 */
export class ReplayLeases1764500000100 implements MigrationInterface {
  name = 'ReplayLeases1764500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE delivery.replays
        ADD COLUMN lease_owner      text,
        ADD COLUMN lease_expires_at timestamptz,
        ADD COLUMN checkpoint       jsonb   NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN resumes          integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE delivery.replays
        DROP COLUMN resumes, DROP COLUMN checkpoint, DROP COLUMN lease_expires_at, DROP COLUMN lease_owner`);
  }
}
