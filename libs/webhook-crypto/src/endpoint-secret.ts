import { randomBytes } from 'node:crypto';

export const ENDPOINT_SECRET_PREFIX = 'whsec_';

/** A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateEndpointSecret(): string {
  return ENDPOINT_SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The raw HMAC key behind a `whsec_` secret. */
export function endpointSecretKey(secret: string): Buffer {
  if (!secret.startsWith(ENDPOINT_SECRET_PREFIX)) throw new Error('endpoint secret must start with whsec_');
  return Buffer.from(secret.slice(ENDPOINT_SECRET_PREFIX.length), 'base64');
}
