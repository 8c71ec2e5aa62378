import { Injectable } from '@nestjs/common';
import { EndpointUrlGuard } from '../../../egress/endpoint-url-guard';
import { SubscriptionError } from '../../../errors/subscription.error';
import { customHeaderProblems, normalizeHeaders } from '../../domain/custom-headers';
import { planEndpointUpdate, uniqueEntries, type EndpointChanges } from '../../domain/plan-endpoint-update';
import { endpointNotFound } from '../../endpoint-not-found';
import { toEndpointResponse, type EndpointResponseDto } from '../../dto/endpoint.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';
import type { UpdateEndpointCommand } from './update-endpoint.command';

/**
 * Changes an endpoint's settings. Only a real change produces a new version, a state record and
 * `endpoint.updated` (naming the changed fields); a new URL passes the same checks as at registration.
 */
@Injectable()
export class UpdateEndpointUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly urlGuard: EndpointUrlGuard,
  ) {}

  async execute(command: UpdateEndpointCommand): Promise<EndpointResponseDto> {
    const changes = normalized(command.changes);
    const problems = customHeaderProblems(command.changes.headers ?? {});
    if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    if (changes.url !== undefined) {
      const current = await this.endpoints.findOne(command.tenantId, command.endpointId);
      if (current === null) throw endpointNotFound(command.endpointId);
      if (current.url !== changes.url) await this.urlGuard.check(changes.url);
    }
    const updated = await this.endpoints.modify(
      command.tenantId,
      command.endpointId,
      new Date(),
      (current) => {
        const plan = planEndpointUpdate(current, changes);
        if (plan.changedFields.length === 0) return undefined;
        return {
          patch: plan.patch,
          events: [{ action: 'updated', details: { changedFields: plan.changedFields } }],
        };
      },
    );
    if (updated === null) throw endpointNotFound(command.endpointId);
    return toEndpointResponse(updated);
  }
}

function normalized(changes: EndpointChanges): EndpointChanges {
  return {
    ...changes,
    ...(changes.eventTypes === undefined ? {} : { eventTypes: uniqueEntries(changes.eventTypes) }),
    ...(changes.entityTypes === undefined ? {} : { entityTypes: uniqueEntries(changes.entityTypes) }),
    ...(changes.headers === undefined ? {} : { headers: normalizeHeaders(changes.headers) }),
  };
}
