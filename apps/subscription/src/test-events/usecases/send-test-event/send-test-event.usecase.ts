import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { webhookIdFor } from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { SUBSCRIPTION_CONFIG, type SubscriptionConfig } from '../../../config/subscription.config';
import { endpointNotFound } from '../../../endpoints/endpoint-not-found';
import { EndpointsRepository } from '../../../endpoints/persistence/endpoints.repository';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { dataProblems } from '../../../event-types/domain/event-schema-problems';
import { EventTypesRepository } from '../../../event-types/persistence/event-types.repository';
import { newId } from '../../../ids/new-id';
import { RateQuotas } from '../../../quota-limits/persistence/rate-quotas';
import { attemptsLink, testEvent } from '../../domain/test-event';
import type { TestEventResponseDto } from '../../dto/send-test-event.dto';
import { TestEventsRepository } from '../../persistence/test-events.repository';
import type { SendTestEventCommand } from './send-test-event.command';

const DEFAULT_TEST_DATA = { test: true, message: 'A test event sent from Hookline' };

/**
 * "Send test event": any type, to one endpoint, through the real delivery path. The event goes to the events
 * topic (via the outbox) aimed at the endpoint; the answer names its ids and links to its attempts.
 */
@Injectable()
export class SendTestEventUseCase {
  constructor(
    private readonly endpoints: EndpointsRepository,
    private readonly eventTypes: EventTypesRepository,
    private readonly testEvents: TestEventsRepository,
    private readonly rateQuotas: RateQuotas,
    @Inject(SUBSCRIPTION_CONFIG) private readonly config: SubscriptionConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: SendTestEventCommand): Promise<TestEventResponseDto> {
    const { tenantId, endpointId, eventType } = command;
    const endpoint = await this.endpoints.findOne(tenantId, endpointId);
    if (endpoint === null) throw endpointNotFound(endpointId);
    if (!endpoint.enabled) {
      throw new SubscriptionError(
        SubscriptionErrorCode.EndpointDisabled,
        `endpoint ${endpointId} is disabled: enable it before sending it a test event`,
      );
    }
    const data = command.data ?? DEFAULT_TEST_DATA;
    const registered = await this.eventTypes.findOne(tenantId, eventType);
    if (registered?.schema != null && !registered.archived) {
      const problems = dataProblems(registered.schema, data);
      if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    }
    // Counted once the request is known to be valid, so a mistake does not use up the minute's test events.
    await this.rateQuotas.take(tenantId, 'testEventsPerMinute');
    const event = testEvent({
      eventId: newId('evt_test'),
      tenantId,
      endpointId,
      type: eventType,
      subject: command.subject ?? 'test',
      data,
      now: new Date(),
    });
    await this.testEvents.record(event);
    const webhookId = webhookIdFor(tenantId, event.id, endpointId);
    this.logger.info({ tenantId, endpointId, eventId: event.id, webhookId, eventType }, 'test event queued');
    return {
      eventId: event.id,
      webhookId,
      endpointId,
      eventType,
      attemptsUrl: attemptsLink(this.config.deliveryPublicUrl, event.id, endpointId),
    };
  }
}
