import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT_VERSION = 'v1';

/**
 * AES-256-GCM encryption of endpoint secrets at rest and on Kafka. The keyring holds named 32-byte keys;
 * the first encrypts, all decrypt, so the key can be rotated without re-encrypting everything at once.
 * Ciphertext format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
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

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return [FORMAT_VERSION, this.activeKeyId, ...parts].join('.');
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== FORMAT_VERSION || ciphertext === undefined)
      throw new Error('unrecognised secret ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  /** True when the ciphertext was sealed with an older key and should be re-encrypted. */
  needsReencryption(sealed: string): boolean {
    return sealed.split('.')[1] !== this.activeKeyId;
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (key === undefined) throw new Error(`no secret encryption key with id "${keyId}"`);
    return key;
  }
}
