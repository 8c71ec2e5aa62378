import { Injectable } from '@nestjs/common';
import { normalizeEndpointUrl, type FieldError } from '@hookline/contracts';
import { generateEndpointSecret, SecretBox, signingSecretBinding } from '@hookline/webhook-crypto';
import { EndpointUrlGuard } from '../../../egress/endpoint-url-guard';
import { SubscriptionError } from '../../../errors/subscription.error';
import { newId } from '../../../ids/new-id';
import { VerifyEndpointUseCase } from '../../../verification/usecases/verify-endpoint/verify-endpoint.usecase';
import { customHeaderProblems, normalizeHeaders } from '../../domain/custom-headers';
import { endpointSecretProblem } from '../../domain/endpoint-secret-format';
import { sealHeaderValues, unmaskRequestedHeaders } from '../../domain/sealed-header-values';
import { uniqueEntries } from '../../domain/plan-endpoint-update';
import type { CreateEndpointResponseDto } from '../../dto/create-endpoint.response.dto';
import { toEndpointResponse } from '../../dto/endpoint.response.dto';
import { EndpointsRepository } from '../../persistence/endpoints.repository';
import type { CreateEndpointCommand } from './create-endpoint.command';

/**
 * Registers an endpoint with a `whsec_` secret (generated, or the tenant's own), returned once in the
 * response; publishes its state and `endpoint.created`; optionally verifies it right away.
 */
@Injectable()
export class CreateEndpointUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly secretBox: SecretBox,
    private readonly urlGuard: EndpointUrlGuard,
    private readonly verifyEndpoint: VerifyEndpointUseCase,
  ) {}

  async execute(command: CreateEndpointCommand): Promise<CreateEndpointResponseDto> {
    const problems: FieldError[] = customHeaderProblems(command.headers ?? {});
    const secretProblem = command.secret === undefined ? undefined : endpointSecretProblem(command.secret);
    if (secretProblem !== undefined) problems.push({ field: 'secret', message: secretProblem });
    if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    // A new endpoint has no value a mask could keep (an endpoint copied from a GET response must say them).
    const headers = unmaskRequestedHeaders(normalizeHeaders(command.headers ?? {}), {});
    if ('problems' in headers) throw SubscriptionError.invalidInput(headers.problems);
    const id = newId('ep');
    // Stored as delivery sends to it and the replicas check it: the WHATWG href (see @hookline/contracts).
    const url = normalizeEndpointUrl(command.url);
    await this.urlGuard.check(url, { tenantId: command.tenantId, endpointId: id });
    // Counted before the endpoint exists: a refusal then leaves nothing half done.
    if (command.verify === true) await this.verifyEndpoint.takeQuota(command.tenantId);
    const secret = command.secret ?? generateEndpointSecret();
    const enabled = command.enabled ?? true;
    const owner = { tenantId: command.tenantId, endpointId: id };
    const created = await this.endpoints.create(
      {
        id,
        tenantId: command.tenantId,
        url,
        description: command.description ?? '',
        eventTypes: uniqueEntries(command.eventTypes ?? ['*']),
        entityTypes: uniqueEntries(command.entityTypes ?? []),
        headers: sealHeaderValues(headers.headers, this.secretBox, owner),
        rateLimitPerSecond: command.rateLimitPerSecond ?? null,
        enabled,
        disabledReason: null,
        verificationStatus: 'unverified',
        verificationCheckedAt: null,
        verificationError: null,
      },
      {
        id: newId('sec'),
        encrypted: this.secretBox.encrypt(secret, signingSecretBinding(command.tenantId, id)),
      },
      new Date(),
    );
    if (command.verify !== true) return { ...toEndpointResponse(created), secret };
    const verified = await this.verifyEndpoint.verifyCounted(command.tenantId, created.id);
    return { ...toEndpointResponse(verified.endpoint), secret, verificationResult: verified.result };
  }
}
