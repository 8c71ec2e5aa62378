import { TENANT_ID_PATTERN } from '@hookline/contracts';

/** One ingest token and the tenants it may publish for (`undefined`: every tenant, as before bindings). */
export interface IngestTokenGrant {
  token: string;
  tenants?: string[];
}

const TENANT = TENANT_ID_PATTERN.slice(1, -1);

/**
 * `INGEST_TOKENS`: comma-separated tokens of at least 16 characters (several, to rotate), each either
 * platform-wide (`token`) or bound to tenants (`token@tenantA|tenantB`). Tokens cannot contain `,`, `@`,
 * `|` or whitespace; tenant ids follow the tenant id pattern.
 */
export const INGEST_TOKENS_PATTERN = new RegExp(
  `^[^\\s,@|]{16,}(@${TENANT}(\\|${TENANT})*)?(,[^\\s,@|]{16,}(@${TENANT}(\\|${TENANT})*)?)*$`,
);

export function parseIngestTokens(setting: string): IngestTokenGrant[] {
  return setting.split(',').map((entry) => {
    const [token, tenants] = entry.split('@');
    return tenants === undefined ? { token } : { token, tenants: tenants.split('|') };
  });
}
