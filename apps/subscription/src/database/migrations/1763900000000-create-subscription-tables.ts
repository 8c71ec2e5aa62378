import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubscriptionTables1763900000000 implements MigrationInterface {
  name = 'CreateSubscriptionTables1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE subscription.tenants (
        id         text        PRIMARY KEY,
        name       text        NOT NULL,
        version    integer     NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only the SHA-256 of a key is stored; the key itself is shown once, at creation.
    await queryRunner.query(`
      CREATE TABLE subscription.api_keys (
        id         text        PRIMARY KEY,
        tenant_id  text        NOT NULL REFERENCES subscription.tenants (id) ON DELETE CASCADE,
        key_hash   text        NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE subscription.endpoints (
        id                    text        PRIMARY KEY,
        tenant_id             text        NOT NULL REFERENCES subscription.tenants (id) ON DELETE CASCADE,
        url                   text        NOT NULL,
        description           text        NOT NULL DEFAULT '',
        event_types           text[]      NOT NULL,
        entity_types          text[]      NOT NULL DEFAULT '{}',
        headers               jsonb       NOT NULL DEFAULT '{}'::jsonb,
        rate_limit_per_second integer,
        enabled               boolean     NOT NULL DEFAULT true,
        disabled_reason       text,
        version               integer     NOT NULL DEFAULT 1,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX endpoints_tenant_id ON subscription.endpoints (tenant_id, id)`);
    // Secrets are AES-256-GCM ciphertext; several rows per endpoint exist only during a rotation.
    await queryRunner.query(`
      CREATE TABLE subscription.endpoint_secrets (
        id          text        PRIMARY KEY,
        endpoint_id text        NOT NULL REFERENCES subscription.endpoints (id) ON DELETE CASCADE,
        encrypted   text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz
      )`);
    await queryRunner.query(
      `CREATE INDEX endpoint_secrets_endpoint_id ON subscription.endpoint_secrets (endpoint_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE subscription.outbox (
        id         bigserial   PRIMARY KEY,
        topic      text        NOT NULL,
        key        text,
        value      text,
        headers    jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'endpoint_secrets', 'endpoints', 'api_keys', 'tenants']) {
      await queryRunner.query(`DROP TABLE subscription.${table}`);
    }
  }
}
