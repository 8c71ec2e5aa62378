import { createCipheriv, randomBytes } from 'node:crypto';
import { isSealedSecret } from './sealed-secret-format';
import { SecretBox } from './secret-box';
import { customHeaderBinding, signingSecretBinding } from './secret-binding';

const key = () => randomBytes(32);
const endpointA = signingSecretBinding('acme', 'ep_a');

/** A ciphertext as the pre-binding SecretBox wrote it: `v1`, no additional data. */
function sealV1(keyId: string, keyBytes: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyId,
    ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')),
  ].join('.');
}

/** Replaces one base64url part (0 version, 1 key id, 2 iv, 3 tag, 4 ciphertext) of a sealed secret. */
function withPart(sealed: string, index: number, replace: (bytes: Buffer) => Buffer): string {
  const parts = sealed.split('.');
  parts[index] = replace(Buffer.from(parts[index], 'base64url')).toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  it('round-trips a secret in the bound v2 format and never leaves the plaintext in the ciphertext', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const sealed = box.encrypt('whsec_plaintext-value', endpointA);
    expect(sealed).toMatch(/^v2\.k1\./);
    expect(sealed).not.toContain('plaintext');
    expect(box.decrypt(sealed, endpointA)).toBe('whsec_plaintext-value');
  });

  it('uses a fresh IV each time, so equal secrets do not give equal ciphertexts', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    expect(box.encrypt('same', endpointA)).not.toBe(box.encrypt('same', endpointA));
  });

  it('decrypts with an older key after rotation and encrypts with the newest', () => {
    const oldKey = key();
    const sealedBefore = new SecretBox([{ id: 'old', key: oldKey }]).encrypt('secret', endpointA);
    const rotated = new SecretBox([
      { id: 'new', key: key() },
      { id: 'old', key: oldKey },
    ]);
    expect(rotated.decrypt(sealedBefore, endpointA)).toBe('secret');
    expect(rotated.needsReencryption(sealedBefore)).toBe(true);
    const resealed = rotated.encrypt('secret', endpointA);
    expect(resealed).toMatch(/^v2\.new\./);
    expect(rotated.needsReencryption(resealed)).toBe(false);
  });

  it('rejects a ciphertext whose body was tampered with', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const sealed = box.encrypt('secret', endpointA);
    const flipped = withPart(sealed, 4, (bytes) =>
      Buffer.from(bytes.map((byte, i) => (i === 0 ? byte ^ 1 : byte))),
    );
    expect(() => box.decrypt(flipped, endpointA)).toThrow(/failed authentication/);
  });

  it('rejects a ciphertext whose tag was tampered with', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const sealed = box.encrypt('secret', endpointA);
    const forged = withPart(sealed, 3, (tag) =>
      Buffer.from(tag.map((byte, i) => (i === 15 ? byte ^ 0x80 : byte))),
    );
    expect(() => box.decrypt(forged, endpointA)).toThrow(/failed authentication/);
  });

  it.each([12, 8, 4])('rejects a tag truncated to %i bytes, even a true prefix of the real tag', (bytes) => {
    const keyBytes = key();
    const box = new SecretBox([{ id: 'k1', key: keyBytes }]);
    const truncatedV2 = withPart(box.encrypt('secret', endpointA), 3, (tag) => tag.subarray(0, bytes));
    const truncatedV1 = withPart(sealV1('k1', keyBytes, 'secret'), 3, (tag) => tag.subarray(0, bytes));
    expect(() => box.decrypt(truncatedV2, endpointA)).toThrow(/unrecognised/);
    expect(() => box.decrypt(truncatedV1, endpointA)).toThrow(/unrecognised/);
    expect(isSealedSecret(truncatedV2)).toBe(false);
  });

  it.each([
    ['another endpoint of the same tenant', signingSecretBinding('acme', 'ep_b')],
    ['the same endpoint id under another tenant', signingSecretBinding('globex', 'ep_a')],
    ['a custom header of the same endpoint', customHeaderBinding('acme', 'ep_a', 'x-api-key')],
  ])('refuses a ciphertext swapped in from %s', (_what, otherBinding) => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const theirs = box.encrypt('whsec_theirs', otherBinding);
    expect(box.decrypt(theirs, otherBinding)).toBe('whsec_theirs');
    expect(() => box.decrypt(theirs, endpointA)).toThrow(/failed authentication/);
  });

  it('binds header values to their header name, ignoring case', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    const sealed = box.encrypt('token', customHeaderBinding('acme', 'ep_a', 'X-Api-Key'));
    expect(box.decrypt(sealed, customHeaderBinding('acme', 'ep_a', 'x-api-key'))).toBe('token');
    expect(() => box.decrypt(sealed, customHeaderBinding('acme', 'ep_a', 'authorization'))).toThrow();
  });

  it('still reads the unbound v1 format written before binding, and reports it for re-sealing', () => {
    const keyBytes = key();
    const box = new SecretBox([{ id: 'k1', key: keyBytes }]);
    const legacy = sealV1('k1', keyBytes, 'whsec_legacy');
    expect(box.decrypt(legacy, endpointA)).toBe('whsec_legacy');
    expect(box.needsReencryption(legacy)).toBe(true);
    const upgraded = box.encrypt(box.decrypt(legacy, endpointA), endpointA);
    expect(upgraded).toMatch(/^v2\.k1\./);
    expect(box.needsReencryption(upgraded)).toBe(false);
  });

  it('rejects a v1 ciphertext that was tampered with', () => {
    const keyBytes = key();
    const box = new SecretBox([{ id: 'k1', key: keyBytes }]);
    const forged = withPart(sealV1('k1', keyBytes, 'whsec_legacy'), 4, () => Buffer.from('forged'));
    expect(() => box.decrypt(forged, endpointA)).toThrow(/failed authentication/);
  });

  it('refuses text that is not a sealed secret and keys it does not hold, naming neither value', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    expect(() => box.decrypt('Bearer plaintext-token', endpointA)).toThrow('unrecognised secret ciphertext');
    expect(() => box.decrypt('v3.k1.aaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaa.aa', endpointA)).toThrow(
      /unrecognised/,
    );
    const foreign = new SecretBox([{ id: 'k9', key: key() }]).encrypt('whsec_x', endpointA);
    expect(() => box.decrypt(foreign, endpointA)).toThrow('no secret encryption key with id "k9"');
    let message = '';
    try {
      box.decrypt(
        withPart(box.encrypt('whsec_hidden', endpointA), 4, () => Buffer.from('x')),
        endpointA,
      );
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/failed authentication/);
    expect(message).not.toMatch(/whsec_hidden|v2\./);
  });

  it('tells sealed values from plaintext header values', () => {
    const box = new SecretBox([{ id: 'k1', key: key() }]);
    expect(isSealedSecret(box.encrypt('token', endpointA))).toBe(true);
    for (const plaintext of ['Bearer abc', 'v2.k1.abc', '', 'billing'])
      expect(isSealedSecret(plaintext)).toBe(false);
  });

  it('parses the SECRET_ENCRYPTION_KEYS format and refuses keys of the wrong size', () => {
    const box = SecretBox.fromKeyringString(`a:${key().toString('base64')},b:${key().toString('base64')}`);
    expect(box.encrypt('x', endpointA)).toMatch(/^v2\.a\./);
    expect(() => SecretBox.fromKeyringString(`a:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
  });
});
