export interface SecretLifetime {
  id: string;
  /** Null for the current secret; set on a previous one that signs until then. */
  expiresAt: Date | null;
}

export interface SecretRotationPlan {
  /** Previous secrets that keep signing until the given time. */
  expire: Array<{ id: string; expiresAt: Date }>;
  /** Secrets that no longer sign (or, with no overlap, stop now). */
  remove: string[];
}

/**
 * What happens to the existing secrets when a new one is issued: each live one keeps signing for the overlap
 * (never longer than it already would), so a receiver can switch without losing a request; dead ones go.
 */
export function planSecretRotation(
  secrets: SecretLifetime[],
  now: Date,
  overlapSeconds: number,
): SecretRotationPlan {
  const until = new Date(now.getTime() + overlapSeconds * 1000);
  const plan: SecretRotationPlan = { expire: [], remove: [] };
  for (const secret of secrets) {
    const alive = secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
    if (!alive || overlapSeconds === 0) plan.remove.push(secret.id);
    else if (secret.expiresAt === null || secret.expiresAt.getTime() > until.getTime()) {
      plan.expire.push({ id: secret.id, expiresAt: until });
    }
  }
  return plan;
}
