import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant quotas: the operator's per-tenant overrides of the configured defaults (an empty object means every
 * default applies), and the per-minute counters of rate quotas (test events, verifications), one row per
 * tenant, quota and minute, shared by every replica.
 */
export class TenantQuotas1764400000000 implements MigrationInterface {
  name = 'TenantQuotas1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE subscription.tenants ADD COLUMN quota_overrides jsonb NOT NULL DEFAULT '{}'::jsonb`,
    );
    await queryRunner.query(`
      CREATE TABLE subscription.quota_windows (
        tenant_id    text        NOT NULL REFERENCES subscription.tenants (id) ON DELETE CASCADE,
        quota        text        NOT NULL,
        window_start timestamptz NOT NULL,
        used         integer     NOT NULL,
        PRIMARY KEY (tenant_id, quota, window_start)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE subscription.quota_windows`);
    await queryRunner.query(`ALTER TABLE subscription.tenants DROP COLUMN quota_overrides`);
  }
}
