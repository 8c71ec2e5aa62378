import { Injectable } from '@nestjs/common';
import { SecretBox, signingSecretBinding } from '@hookline/webhook-crypto';
import { endpointNotFound } from '../../endpoint-not-found';
import type { EndpointSecretResponseDto } from '../../dto/endpoint-secret.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';

/** The endpoint's current signing secret, decrypted on explicit request. */
@Injectable()
export class RevealEndpointSecretUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly secretBox: SecretBox,
  ) {}

  async execute(tenantId: string, endpointId: string): Promise<EndpointSecretResponseDto> {
    const live = await this.endpoints.liveSecrets(tenantId, endpointId, new Date());
    // The current secret is the one without an expiry; previous ones only overlap until theirs.
    const current = live.find((secret) => secret.expiresAt === null);
    if (current === undefined) throw endpointNotFound(endpointId);
    return { secret: this.secretBox.decrypt(current.encrypted, signingSecretBinding(tenantId, endpointId)) };
  }
}
