import type { TenantQuotaName } from '@hookline/contracts';

/** An operator's change to a tenant's overrides: a number sets one, null removes it (the default applies). */
export type QuotaOverrideChanges = Partial<Record<TenantQuotaName, number | null>>;

/** The overrides after the change; quotas the change does not name keep their override. */
export function applyOverrideChanges(
  current: Record<string, number>,
  changes: QuotaOverrideChanges,
): Record<string, number> {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}
