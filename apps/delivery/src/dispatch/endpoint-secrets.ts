import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import { SecretBox } from '@hookline/webhook-crypto';
import { liveSecretCiphertexts } from './domain/live-secret-ciphertexts';

/** Decrypts endpoint secrets once per ciphertext; signing needs the plaintext on every request. */
@Injectable()
export class EndpointSecrets {
  private readonly plaintextByCiphertext = new Map<string, string>();

  constructor(@Inject(SecretBox) private readonly secretBox: SecretBox) {}

  liveSecrets(endpoint: EndpointRecord, now: Date): string[] {
    return liveSecretCiphertexts(endpoint, now).map((ciphertext) => {
      let plaintext = this.plaintextByCiphertext.get(ciphertext);
      if (plaintext === undefined) {
        plaintext = this.secretBox.decrypt(ciphertext);
        this.plaintextByCiphertext.set(ciphertext, plaintext);
      }
      return plaintext;
    });
  }
}
