import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verification results recorded before refusals were told in fixed words name the addresses a host resolved
 * to (`request failed: HOOKLINE_BLOCKED_DESTINATION hooks.example resolves only to … 10.0.0.5 is a private
 * address`), and tenants read them on every GET. They become the fixed words a refusal says now. The
 * replaced text was never more than a copy of what the server log holds, so `down` has nothing to restore.
 */
export class ScrubRefusedDestinationDetails1764312000000 implements MigrationInterface {
  name = 'ScrubRefusedDestinationDetails1764312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE subscription.endpoints
          SET verification_error = CASE
                WHEN verification_error LIKE '%could not be resolved%'
                  THEN 'request failed: destination host could not be resolved'
                ELSE 'request failed: destination not allowed: the host is, or resolves only to, an address that may not be contacted'
              END
        WHERE verification_error LIKE 'request failed:%HOOKLINE_BLOCKED_DESTINATION%'`,
    );
  }

  async down(): Promise<void> {
    // Nothing to restore: the details were only ever a copy of the server log's.
  }
}
