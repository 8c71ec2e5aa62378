import { Injectable } from '@nestjs/common';
import { SubscriptionError, SubscriptionErrorCode } from '../../../errors/subscription.error';
import { isBuiltInEventType } from '../../domain/built-in-event-types';
import { eventSchemaProblems } from '../../domain/event-schema-problems';
import { toEventTypeResponse, type EventTypeResponseDto } from '../../dto/event-type.response.dto';
import { EventTypesRepository } from '../../persistence/event-types.repository';
import type { RegisterEventTypeCommand } from './register-event-type.command';

/**
 * Registers a tenant event type. Its schema must compile (the producer validates `data` against it), and it
 * reaches every service as an `EventTypeRecord` on the subscriptions topic.
 */
@Injectable()
export class RegisterEventTypeUseCase {
  constructor(private readonly eventTypes: EventTypesRepository) {}

  async execute(command: RegisterEventTypeCommand): Promise<EventTypeResponseDto> {
    if (isBuiltInEventType(command.type)) {
      throw new SubscriptionError(
        SubscriptionErrorCode.EventTypeExists,
        `${command.type} is a built-in event type`,
        'type',
      );
    }
    const schema = command.schema ?? null;
    if (schema !== null) {
      const problems = eventSchemaProblems(schema);
      if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    }
    const created = await this.eventTypes.create(
      { tenantId: command.tenantId, type: command.type, description: command.description ?? '', schema },
      new Date(),
    );
    if (created === null) {
      throw new SubscriptionError(
        SubscriptionErrorCode.EventTypeExists,
        `event type ${command.type} is already registered (PATCH it, or unarchive it)`,
        'type',
      );
    }
    return toEventTypeResponse(created);
  }
}
