import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  IV_BYTES,
  TAG_BYTES,
  formatSealedSecret,
  parseSealedSecret,
  type SealedSecretParts,
} from './sealed-secret-format';
import { bindingAdditionalData, type SecretBinding } from './secret-binding';

/**
 * AES-256-GCM encryption of endpoint secrets and custom header values, at rest and on Kafka. The keyring holds
 * named 32-byte keys; the first encrypts, all decrypt, so the key can be rotated without re-encrypting
 * everything at once. Every ciphertext is bound to its tenant, endpoint and field (`SecretBinding`, as GCM
 * additional data), and carries the full 16-byte tag.
 *
 * Format `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). `v1` (the same layout, no additional data)
 * is still read, so ciphertexts stored before binding keep working; `needsReencryption` reports them and
 * `POST /v1/admin/secrets/reencrypt` re-seals them as `v2`.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly activeKeyId: string;

  constructor(keyring: ReadonlyArray<{ id: string; key: Buffer }>) {
    if (keyring.length === 0) throw new Error('SecretBox needs at least one key');
    for (const { id, key } of keyring) {
      if (key.length !== 32) throw new Error(`secret encryption key "${id}" must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]+$/.test(id))
        throw new Error(`secret encryption key id "${id}" has invalid characters`);
    }
    this.keys = new Map(keyring.map(({ id, key }) => [id, key]));
    this.activeKeyId = keyring[0].id;
  }

  /** Parses `SECRET_ENCRYPTION_KEYS`: `keyId:base64key[,keyId:base64key…]`, newest first. */
  static fromKeyringString(keyring: string): SecretBox {
    return new SecretBox(
      keyring.split(',').map((entry) => {
        const [id, key] = entry.split(':');
        return { id, key: Buffer.from(key ?? '', 'base64') };
      }),
    );
  }

  /** Seals with the newest key, bound to `binding`: only `decrypt` with the same binding opens it. */
  encrypt(plaintext: string, binding: SecretBinding): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(bindingAdditionalData(binding));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return formatSealedSecret({
      version: 'v2',
      keyId: this.activeKeyId,
      iv,
      tag: cipher.getAuthTag(),
      ciphertext,
    });
  }

  /**
   * Opens a ciphertext sealed for `binding`. Throws (naming neither plaintext nor ciphertext) when it is not
   * a sealed secret, was tampered with, has a short tag, or belongs to another binding.
   */
  decrypt(sealed: string, binding: SecretBinding): string {
    const parts = parseSealedSecret(sealed);
    if (parts === undefined) throw new Error('unrecognised secret ciphertext');
    return this.open(parts, parts.version === 'v2' ? bindingAdditionalData(binding) : undefined);
  }

  /** True when the ciphertext is in the unbound `v1` format or sealed with an older key: re-seal it. */
  needsReencryption(sealed: string): boolean {
    const parts = parseSealedSecret(sealed);
    return parts === undefined || parts.version !== 'v2' || parts.keyId !== this.activeKeyId;
  }

  private open(parts: SealedSecretParts, additionalData: Buffer | undefined): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(parts.keyId), parts.iv, {
      authTagLength: TAG_BYTES,
    });
    if (additionalData !== undefined) decipher.setAAD(additionalData);
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('secret ciphertext failed authentication (tampered, or sealed for another endpoint)');
    }
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (key === undefined) throw new Error(`no secret encryption key with id "${keyId}"`);
    return key;
  }
}
