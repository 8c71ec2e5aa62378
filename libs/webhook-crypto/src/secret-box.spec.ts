import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const key = () => randomBytes(32);

describe('SecretBox', () => {
  it('round-trips a secret and never leaves the plaintext in the ciphertext', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const sealed = box.encrypt('whsec_plaintext-value');
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('plaintext');
    expect(box.decrypt(sealed)).toBe('whsec_plaintext-value');
  });

  it('uses a fresh IV each time, so equal secrets do not give equal ciphertexts', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('decrypts with an older key after rotation and encrypts with the newest', () => {
    const oldKey = key();
    const sealedBefore = new SecretBox([{ id: 'old', key: oldKey }]).encrypt('secret');
    const rotated = new SecretBox([
      { id: 'new', key: key() },
      { id: 'old', key: oldKey },
    ]);
    expect(rotated.decrypt(sealedBefore)).toBe('secret');
    expect(rotated.needsReencryption(sealedBefore)).toBe(true);
    expect(rotated.encrypt('secret')).toMatch(/^v1\.new\./);
  });

  it('rejects a ciphertext that was tampered with', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const parts = box.encrypt('secret').split('.');
    parts[4] = Buffer.from('forged').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
  });

  it('parses the SECRET_ENCRYPTION_KEYS format and refuses keys of the wrong size', () => {
    const box = SecretBox.fromKeyringString(`a:${key().toString('base64')},b:${key().toString('base64')}`);
    expect(box.encrypt('x')).toMatch(/^v1\.a\./);
    expect(() => SecretBox.fromKeyringString(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
  });
});
