/** AES-GCM with a 96-bit IV (NIST SP 800-38D's recommended size) and the full 128-bit tag. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

/**
 * `v1`: no additional data (written before endpoints were bound); read only, so that stored ciphertexts
 * keep working until they are re-sealed. `v2`: bound to a `SecretBinding`.
 */
export type SealedSecretVersion = 'v1' | 'v2';

export interface SealedSecretParts {
  version: SealedSecretVersion;
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/**
 * `<version>.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts, with exact IV and tag lengths: a 16-byte IV
 * is 16 characters, a 16-byte tag 22. A shorter tag is refused here, before the cipher sees it: GCM would
 * otherwise check only as many tag bytes as it is given, and a 4-byte tag can be forged by trying.
 */
const SEALED = /^(v1|v2)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

/** The parts of a sealed secret, or undefined when the text is not one (wrong version, layout or sizes). */
export function parseSealedSecret(sealed: string): SealedSecretParts | undefined {
  const match = SEALED.exec(sealed);
  if (match === null) return undefined;
  const [, version, keyId, iv, tag, ciphertext] = match;
  const parts = {
    version: version as SealedSecretVersion,
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  return parts.iv.length === IV_BYTES && parts.tag.length === TAG_BYTES ? parts : undefined;
}

/**
 * True when the text has the layout of a sealed secret. Custom header values were stored in plaintext before
 * they were sealed; during that transition a reader tells the two apart with this (a plaintext header value
 * of exactly this shape is not something a receiver expects, and is re-sealed by the migration anyway).
 */
export function isSealedSecret(value: string): boolean {
  return parseSealedSecret(value) !== undefined;
}

export function formatSealedSecret(parts: SealedSecretParts): string {
  return [
    parts.version,
    parts.keyId,
    ...[parts.iv, parts.tag, parts.ciphertext].map((part) => part.toString('base64url')),
  ].join('.');
}
