import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'hk_';

/** A tenant API key: `hk_` + 32 random bytes base64url. Shown once; only its hash is stored. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** Hex SHA-256: keys carry 256 bits of entropy, so a fast hash is safe and allows indexed lookup. */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
