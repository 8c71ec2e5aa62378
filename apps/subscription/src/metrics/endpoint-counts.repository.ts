import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Operator-level aggregate across every tenant, for /metrics only: it returns counts, never tenant rows, which
 * is why it alone takes no tenant id.
 */
@Injectable()
export class EndpointCountsRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async countByState(): Promise<{ enabled: number; disabled: number }> {
    const rows: Array<{ enabled: boolean; count: string }> = await this.dataSource.query(
      `SELECT enabled, count(*)::text AS count FROM subscription.endpoints GROUP BY enabled`,
    );
    const count = (enabled: boolean) => Number(rows.find((row) => row.enabled === enabled)?.count ?? 0);
    return { enabled: count(true), disabled: count(false) };
  }
}
