import { ENDPOINT_SECRET_PREFIX } from '@hookline/webhook-crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Why a secret a tenant brings (e.g. moving from another provider) is refused, or undefined. Standard Webhooks
 * secrets are `whsec_` + base64; fewer than 24 random bytes is too weak, more than 64 is not a key.
 */
export function endpointSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(ENDPOINT_SECRET_PREFIX)) return `must start with ${ENDPOINT_SECRET_PREFIX}`;
  const encoded = secret.slice(ENDPOINT_SECRET_PREFIX.length);
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return 'must be whsec_ followed by base64';
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < 24 || bytes > 64) return 'must encode 24 to 64 random bytes';
  return undefined;
}
