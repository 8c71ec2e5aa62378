/** Anything that runs SQL: a TypeORM DataSource or EntityManager, a pg client. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** One tenant's uses of one per-minute quota in one window (`<schema>.quota_windows`). */
export interface QuotaWindowKey {
  tenantId: string;
  quota: string;
  windowStart: Date;
}

const SCHEMA = /^[a-z_][a-z0-9_]*$/;

function table(schema: string): string {
  if (!SCHEMA.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `${schema}.quota_windows`;
}

/**
 * Counts one use in the window unless `limit` are counted already; true when it was counted. One statement,
 * so concurrent requests (on any replica) cannot both take the last use. The rows of the quota's earlier
 * windows are deleted first: each tenant and quota keeps one row.
 */
export async function countQuotaUse(
  db: Queryable,
  schema: string,
  key: QuotaWindowKey,
  limit: number,
): Promise<boolean> {
  await db.query(`DELETE FROM ${table(schema)} WHERE tenant_id = $1 AND quota = $2 AND window_start < $3`, [
    key.tenantId,
    key.quota,
    key.windowStart,
  ]);
  if (limit <= 0) return false;
  const counted = (await db.query(
    `INSERT INTO ${table(schema)} AS w (tenant_id, quota, window_start, used) VALUES ($1, $2, $3, 1)
     ON CONFLICT (tenant_id, quota, window_start) DO UPDATE SET used = w.used + 1 WHERE w.used < $4
     RETURNING used`,
    [key.tenantId, key.quota, key.windowStart, limit],
  )) as unknown[];
  return counted.length > 0;
}

/** Uses counted in the window so far. */
export async function quotaUses(db: Queryable, schema: string, key: QuotaWindowKey): Promise<number> {
  const rows = (await db.query(
    `SELECT used FROM ${table(schema)} WHERE tenant_id = $1 AND quota = $2 AND window_start = $3`,
    [key.tenantId, key.quota, key.windowStart],
  )) as Array<{ used: number }>;
  return rows[0]?.used ?? 0;
}
