import { createHash, timingSafeEqual } from 'node:crypto';

/** The token from an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : /^Bearer\s+(\S+)$/i.exec(value);
  return match?.[1];
}

/**
 * Checks a presented token against tokens from configuration. Comparing fixed-length SHA-256 digests in
 * constant time leaks neither the tokens nor their length; several tokens allow rotation.
 */
export function createTokenMatcher(tokens: readonly string[]): (presented: string | undefined) => boolean {
  const known = tokens.map(sha256);
  return (presented) => {
    if (presented === undefined) return false;
    const digest = sha256(presented);
    return known.some((candidate) => timingSafeEqual(candidate, digest));
  };
}

/**
 * Like createTokenMatcher, but answers what the matching token grants (e.g. the tenants it is bound to).
 * Every known token is compared, in constant time, whichever matches.
 */
export function createTokenLookup<T>(
  entries: ReadonlyArray<{ token: string; grant: T }>,
): (presented: string | undefined) => T | undefined {
  const known = entries.map((entry) => ({ digest: sha256(entry.token), grant: entry.grant }));
  return (presented) => {
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let found: T | undefined;
    for (const candidate of known) if (timingSafeEqual(candidate.digest, digest)) found = candidate.grant;
    return found;
  };
}

function sha256(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
