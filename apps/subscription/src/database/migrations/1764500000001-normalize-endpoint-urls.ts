import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeEndpointUrl } from '@hookline/contracts';

/**
 * Endpoint URLs are stored normalised (their WHATWG href) from now on; rows written before are brought to
 * the same form, so what the API shows, what the replicas check and what delivery sends to agree. Delivery
 * sent to the same address before (undici parses the same way); `POST /v1/admin/republish` refreshes the
 * published records.
 */
export class NormalizeEndpointUrls1764500000001 implements MigrationInterface {
  name = 'NormalizeEndpointUrls1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query('SELECT id, url FROM subscription.endpoints')) as Array<{
      id: string;
      url: string;
    }>;
    for (const row of rows) {
      const url = normalizeEndpointUrl(row.url);
      if (url !== row.url) {
        await queryRunner.query('UPDATE subscription.endpoints SET url = $2 WHERE id = $1', [row.id, url]);
      }
    }
  }

  down(): Promise<void> {
    // The original spellings are not kept; the normalised URLs address the same resources.
    return Promise.resolve();
  }
}
