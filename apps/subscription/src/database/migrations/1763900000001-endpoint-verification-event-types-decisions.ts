import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification results on endpoints, a label on API keys, tenant event types, applied health decisions
 * (so a redelivered decision changes nothing), and the index cursor pagination walks.
 */
export class EndpointVerificationEventTypesDecisions1763900000001 implements MigrationInterface {
  name = 'EndpointVerificationEventTypesDecisions1763900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE subscription.endpoints
        ADD COLUMN verification_status     text        NOT NULL DEFAULT 'unverified',
        ADD COLUMN verification_checked_at timestamptz,
        ADD COLUMN verification_error      text`);
    await queryRunner.query(`DROP INDEX subscription.endpoints_tenant_id`);
    await queryRunner.query(
      `CREATE INDEX endpoints_tenant_page ON subscription.endpoints (tenant_id, created_at, id)`,
    );
    await queryRunner.query(`ALTER TABLE subscription.api_keys ADD COLUMN name text NOT NULL DEFAULT ''`);
    await queryRunner.query(
      `CREATE INDEX api_keys_tenant_page ON subscription.api_keys (tenant_id, created_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE subscription.event_types (
        tenant_id   text        NOT NULL REFERENCES subscription.tenants (id) ON DELETE CASCADE,
        type        text        NOT NULL,
        description text        NOT NULL DEFAULT '',
        schema      jsonb,
        archived    boolean     NOT NULL DEFAULT false,
        version     integer     NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, type)
      )`);
    await queryRunner.query(
      `CREATE INDEX event_types_tenant_page ON subscription.event_types (tenant_id, created_at, type)`,
    );
    await queryRunner.query(`
      CREATE TABLE subscription.applied_health_decisions (
        decision_id text        PRIMARY KEY,
        endpoint_id text        NOT NULL,
        decision    text        NOT NULL,
        outcome     text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE subscription.applied_health_decisions`);
    await queryRunner.query(`DROP TABLE subscription.event_types`);
    await queryRunner.query(`DROP INDEX subscription.api_keys_tenant_page`);
    await queryRunner.query(`ALTER TABLE subscription.api_keys DROP COLUMN name`);
    await queryRunner.query(`DROP INDEX subscription.endpoints_tenant_page`);
    await queryRunner.query(`CREATE INDEX endpoints_tenant_id ON subscription.endpoints (tenant_id, id)`);
    await queryRunner.query(`
      ALTER TABLE subscription.endpoints
        DROP COLUMN verification_status,
        DROP COLUMN verification_checked_at,
        DROP COLUMN verification_error`);
  }
}
