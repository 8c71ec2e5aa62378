import { Injectable } from '@nestjs/common';
import { normalizeEndpointUrl } from '@hookline/contracts';
import { SecretBox } from '@hookline/webhook-crypto';
import { EndpointUrlGuard } from '../../../egress/endpoint-url-guard';
import { SubscriptionError } from '../../../errors/subscription.error';
import { customHeaderProblems, normalizeHeaders } from '../../domain/custom-headers';
import { planEndpointUpdate, uniqueEntries, type EndpointChanges } from '../../domain/plan-endpoint-update';
import {
  hasPlaintextHeaderValues,
  openHeaderValues,
  sealHeaderValues,
  unmaskRequestedHeaders,
  type HeaderOwner,
} from '../../domain/sealed-header-values';
import { endpointNotFound } from '../../endpoint-not-found';
import { toEndpointResponse, type EndpointResponseDto } from '../../dto/endpoint.response.dto';
import type { EndpointEntity } from '../../persistence/endpoint.entity';
import type { EndpointModification } from '../../persistence/endpoints.repository';
import { EndpointsRepository } from '../../persistence/endpoints.repository';
import type { UpdateEndpointCommand } from './update-endpoint.command';

/**
 * Changes an endpoint's settings. Only a real change produces a new version, a state record and
 * `endpoint.updated` (naming the changed fields); a new URL passes the same checks as at registration.
 * Header values are compared in plaintext (their ciphertexts differ on every seal), a masked value keeps the
 * stored one, and whatever is written is sealed.
 */
@Injectable()
export class UpdateEndpointUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly urlGuard: EndpointUrlGuard,
    private readonly secretBox: SecretBox,
  ) {}

  async execute(command: UpdateEndpointCommand): Promise<EndpointResponseDto> {
    const problems = customHeaderProblems(command.changes.headers ?? {});
    if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    const changes = normalized(command.changes);
    const owner = { tenantId: command.tenantId, endpointId: command.endpointId };
    if (changes.url !== undefined) {
      const current = await this.endpoints.findOne(command.tenantId, command.endpointId);
      if (current === null) throw endpointNotFound(command.endpointId);
      if (current.url !== changes.url) await this.urlGuard.check(changes.url, owner);
    }
    const updated = await this.endpoints.modify(command.tenantId, command.endpointId, new Date(), (current) =>
      this.plan(current, changes, owner),
    );
    if (updated === null) throw endpointNotFound(command.endpointId);
    return toEndpointResponse(updated);
  }

  private plan(
    current: EndpointEntity,
    changes: EndpointChanges,
    owner: HeaderOwner,
  ): EndpointModification | undefined {
    const currentHeaders = openHeaderValues(current.headers, this.secretBox, owner);
    let requested = changes;
    if (changes.headers !== undefined) {
      const unmasked = unmaskRequestedHeaders(changes.headers, currentHeaders);
      if ('problems' in unmasked) throw SubscriptionError.invalidInput(unmasked.problems);
      requested = { ...changes, headers: unmasked.headers };
    }
    const plan = planEndpointUpdate({ ...current, headers: currentHeaders }, requested);
    if (plan.changedFields.length === 0) return undefined;
    // Values stored before sealing are sealed by any write, not only one that changes them.
    const headers =
      plan.patch.headers ?? (hasPlaintextHeaderValues(current.headers) ? currentHeaders : undefined);
    return {
      patch: {
        ...plan.patch,
        ...(headers === undefined ? {} : { headers: sealHeaderValues(headers, this.secretBox, owner) }),
      },
      events: [{ action: 'updated', details: { changedFields: plan.changedFields } }],
    };
  }
}

function normalized(changes: EndpointChanges): EndpointChanges {
  return {
    ...changes,
    // Stored as delivery sends to it and the replicas check it: the WHATWG href (see @hookline/contracts).
    ...(changes.url === undefined ? {} : { url: normalizeEndpointUrl(changes.url) }),
    ...(changes.eventTypes === undefined ? {} : { eventTypes: uniqueEntries(changes.eventTypes) }),
    ...(changes.entityTypes === undefined ? {} : { entityTypes: uniqueEntries(changes.entityTypes) }),
    ...(changes.headers === undefined ? {} : { headers: normalizeHeaders(changes.headers) }),
  };
}
