import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-minute counters of the tenant quotas delivery enforces (resends), one row per tenant, quota and minute,
 * shared by every replica; and an index for counting a tenant's running replays (its concurrent-replay quota).
 */
export class QuotaWindows1764400000001 implements MigrationInterface {
  name = 'QuotaWindows1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery.quota_windows (
        tenant_id    text        NOT NULL,
        quota        text        NOT NULL,
        window_start timestamptz NOT NULL,
        used         integer     NOT NULL,
        PRIMARY KEY (tenant_id, quota, window_start)
      )`);
    await queryRunner.query(
      `CREATE INDEX replays_running_by_tenant ON delivery.replays (tenant_id) WHERE status = 'running'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX delivery.replays_running_by_tenant`);
    await queryRunner.query(`DROP TABLE delivery.quota_windows`);
  }
}
