import type { TenantQuotas } from '@hookline/contracts';
import type { QuotaUsage } from '@hookline/http';
import type { SecretLifetime } from './plan-secret-rotation';

export interface SecretChangesToCheck {
  add?: unknown;
  remove?: string[];
}

function alive(secret: SecretLifetime, now: Date): boolean {
  return secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
}

/**
 * Whether adding a secret would leave more secrets signing at once than the tenant's
 * `liveSecretsPerEndpoint` allows (every live secret adds a signature to every request). Previous secrets
 * inside their overlap count; those the change removes do not. Undefined when the change fits.
 */
export function liveSecretsQuotaProblem(
  secrets: SecretLifetime[],
  changes: SecretChangesToCheck,
  now: Date,
  quotas: Pick<TenantQuotas, 'liveSecretsPerEndpoint'>,
): QuotaUsage | undefined {
  if (changes.add === undefined) return undefined;
  const removed = new Set(changes.remove ?? []);
  const live = secrets.filter((secret) => alive(secret, now));
  const staying = live.filter((secret) => !removed.has(secret.id));
  const limit = quotas.liveSecretsPerEndpoint;
  if (staying.length + 1 <= limit) return undefined;
  const expiries = staying.flatMap((secret) =>
    secret.expiresAt === null ? [] : [secret.expiresAt.getTime()],
  );
  const firstExpiry = expiries.length === 0 ? undefined : new Date(Math.min(...expiries)).toISOString();
  return {
    name: 'liveSecretsPerEndpoint',
    limit,
    usage: live.length,
    hint:
      'rotate with overlapSeconds 0 to retire the previous secrets at once' +
      (firstExpiry === undefined
        ? ''
        : `, or after ${firstExpiry}, when the oldest previous one stops signing`),
  };
}
