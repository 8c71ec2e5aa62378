import type { FieldError } from '@hookline/contracts';
import { customHeaderBinding, isSealedSecret, type SecretBinding } from '@hookline/webhook-crypto';

/**
 * What every API response shows instead of a custom header's value. Receivers' credentials usually live in
 * these headers, so, like signing secrets, they are write-only: a tenant sees which headers are set, never
 * what they hold. Sending the mask back as a value keeps the stored one (a GET-edit-PATCH round trip works).
 */
export const HEADER_VALUE_MASK = '••••••••';

/** The part of SecretBox these functions need. */
export interface HeaderValueCipher {
  encrypt(plaintext: string, binding: SecretBinding): string;
  decrypt(sealed: string, binding: SecretBinding): string;
}

export interface HeaderOwner {
  tenantId: string;
  endpointId: string;
}

/** Seals every value, each bound to its tenant, endpoint and header name. */
export function sealHeaderValues(
  headers: Record<string, string>,
  cipher: HeaderValueCipher,
  owner: HeaderOwner,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      cipher.encrypt(value, customHeaderBinding(owner.tenantId, owner.endpointId, name)),
    ]),
  );
}

/** The plaintext values; a value stored before header values were sealed is returned as it is. */
export function openHeaderValues(
  stored: Record<string, string>,
  cipher: HeaderValueCipher,
  owner: HeaderOwner,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(stored).map(([name, value]) => [
      name,
      isSealedSecret(value)
        ? cipher.decrypt(value, customHeaderBinding(owner.tenantId, owner.endpointId, name))
        : value,
    ]),
  );
}

/** Header names stay visible; every value is the mask. */
export function maskHeaderValues(stored: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(stored).map((name) => [name, HEADER_VALUE_MASK]));
}

/** True when some value is still stored in plaintext (written before values were sealed). */
export function hasPlaintextHeaderValues(stored: Record<string, string>): boolean {
  return Object.values(stored).some((value) => !isSealedSecret(value));
}

/**
 * True when some value is plaintext or a ciphertext the keyring says to re-seal (an older key or format):
 * what `POST /v1/admin/secrets/reencrypt` looks for.
 */
export function headerValuesNeedSealing(
  stored: Record<string, string>,
  keyring: { needsReencryption(sealed: string): boolean },
): boolean {
  return Object.values(stored).some((value) => !isSealedSecret(value) || keyring.needsReencryption(value));
}

/**
 * The header map a replacement asks for: a value equal to the mask keeps the current value of that header
 * (names are already lowercase on both sides). A mask for a header that has no value yet is refused.
 */
export function unmaskRequestedHeaders(
  requested: Record<string, string>,
  current: Record<string, string>,
): { headers: Record<string, string> } | { problems: FieldError[] } {
  const problems: FieldError[] = [];
  // Entries rather than assignment into an object: a header may be called `__proto__`.
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(requested)) {
    if (value !== HEADER_VALUE_MASK) headers.push([name, value]);
    else if (Object.hasOwn(current, name)) headers.push([name, current[name]]);
    else
      problems.push({
        field: `headers.${name}`,
        message: 'is the mask, but this header has no value to keep: send the value',
      });
  }
  return problems.length > 0 ? { problems } : { headers: Object.fromEntries(headers) };
}
