import { Inject, Injectable } from '@nestjs/common';
import { generateEndpointSecret, SecretBox, signingSecretBinding } from '@hookline/webhook-crypto';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../../config/subscription.config';
import { SubscriptionError } from '../../../errors/subscription.error';
import { newId } from '../../../ids/new-id';
import { endpointSecretProblem } from '../../domain/endpoint-secret-format';
import { planSecretRotation } from '../../domain/plan-secret-rotation';
import { endpointNotFound } from '../../endpoint-not-found';
import type { RotatedSecretResponseDto } from '../../dto/endpoint-secret.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';
import type { RotateEndpointSecretCommand } from './rotate-endpoint-secret.command';

/**
 * Issues a new signing secret. The previous one keeps signing beside it for the overlap (default from
 * configuration, 24 h), so requests carry both signatures and a receiver can switch without losing one.
 */
@Injectable()
export class RotateEndpointSecretUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly secretBox: SecretBox,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
  ) {}

  async execute(command: RotateEndpointSecretCommand): Promise<RotatedSecretResponseDto> {
    const problem = command.secret === undefined ? undefined : endpointSecretProblem(command.secret);
    if (problem !== undefined) throw SubscriptionError.invalidInput([{ field: 'secret', message: problem }]);
    const secret = command.secret ?? generateEndpointSecret();
    const overlapSeconds = command.overlapSeconds ?? this.config.secretRotationOverlapSeconds;
    let previousSecretExpiresAt: Date | null = null;
    const now = new Date();
    const binding = signingSecretBinding(command.tenantId, command.endpointId);
    const endpoint = await this.endpoints.modify(
      command.tenantId,
      command.endpointId,
      now,
      (_current, secrets) => {
        const plan = planSecretRotation(secrets, now, overlapSeconds);
        previousSecretExpiresAt = plan.expire.length > 0 ? plan.expire[0].expiresAt : null;
        return {
          secrets: { add: { id: newId('sec'), encrypted: this.secretBox.encrypt(secret, binding) }, ...plan },
          events: [{ action: 'updated', details: { changedFields: ['secret'] } }],
        };
      },
    );
    if (endpoint === null) throw endpointNotFound(command.endpointId);
    return {
      secret,
      previousSecretExpiresAt: (previousSecretExpiresAt as Date | null)?.toISOString() ?? null,
    };
  }
}
