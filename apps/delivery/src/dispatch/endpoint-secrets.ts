import { Inject, Injectable } from '@nestjs/common';
import type { EndpointRecord } from '@hookline/contracts';
import {
  SecretBox,
  customHeaderBinding,
  isSealedSecret,
  signingSecretBinding,
  type SecretBinding,
} from '@hookline/webhook-crypto';
import { liveSecretCiphertexts } from './domain/live-secret-ciphertexts';

/** Opened values kept; beyond it the oldest go (a miss costs one AES-GCM decryption, microseconds). */
const MAX_CACHED = 20_000;

/**
 * Opens what the subscriptions topic carries sealed: signing secrets and custom header values, each bound to
 * its tenant, endpoint and field, so a ciphertext copied into another endpoint's record fails here. Opened
 * values are cached by binding and ciphertext (never by ciphertext alone, which would skip that check).
 * Errors name the field, never a value.
 */
@Injectable()
export class EndpointSecrets {
  private readonly opened = new Map<string, string>();

  constructor(@Inject(SecretBox) private readonly secretBox: SecretBox) {}

  liveSecrets(endpoint: EndpointRecord, now: Date): string[] {
    const binding = signingSecretBinding(endpoint.tenantId, endpoint.id);
    return liveSecretCiphertexts(endpoint, now).map((ciphertext) => this.open(ciphertext, binding));
  }

  /**
   * The endpoint's custom headers with their real values. A value that is not sealed was published before
   * header values were sealed, and is used as it is until the record is republished sealed.
   */
  customHeaders(endpoint: EndpointRecord): Record<string, string> {
    return Object.fromEntries(
      Object.entries(endpoint.headers).map(([name, value]) => {
        if (!isSealedSecret(value)) return [name, value];
        try {
          return [name, this.open(value, customHeaderBinding(endpoint.tenantId, endpoint.id, name))];
        } catch (error) {
          throw new Error(`custom header ${name} could not be decrypted: ${(error as Error).message}`);
        }
      }),
    );
  }

  private open(sealed: string, binding: SecretBinding): string {
    const key = JSON.stringify([binding.tenantId, binding.endpointId, binding.purpose, sealed]);
    let plaintext = this.opened.get(key);
    if (plaintext === undefined) {
      plaintext = this.secretBox.decrypt(sealed, binding);
      if (this.opened.size >= MAX_CACHED) this.opened.delete(this.opened.keys().next().value as string);
      this.opened.set(key, plaintext);
    }
    return plaintext;
  }
}
