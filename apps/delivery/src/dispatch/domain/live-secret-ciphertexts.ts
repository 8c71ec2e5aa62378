import type { EndpointRecord } from '@hookline/contracts';

/** Secrets that still sign at `now`: the current one, plus an old one until its rotation overlap ends. */
export function liveSecretCiphertexts(endpoint: Pick<EndpointRecord, 'secrets'>, now: Date): string[] {
  return endpoint.secrets
    .filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime())
    .map((secret) => secret.encrypted);
}
