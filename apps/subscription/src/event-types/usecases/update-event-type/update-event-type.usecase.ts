import { Injectable } from '@nestjs/common';
import { SubscriptionError } from '../../../errors/subscription.error';
import { eventSchemaProblems } from '../../domain/event-schema-problems';
import { eventTypeNotFound } from '../../event-type-not-found';
import { toEventTypeResponse, type EventTypeResponseDto } from '../../dto/event-type.response.dto';
import { EventTypesRepository, type EventTypePatch } from '../../persistence/event-types.repository';
import type { UpdateEventTypeCommand } from './update-event-type.command';

/** Changes a type's description or schema, or archives / unarchives it; an unchanged request changes nothing. */
@Injectable()
export class UpdateEventTypeUseCase {
  constructor(private readonly eventTypes: EventTypesRepository) {}

  async execute(command: UpdateEventTypeCommand): Promise<EventTypeResponseDto> {
    if (command.schema !== undefined && command.schema !== null) {
      const problems = eventSchemaProblems(command.schema);
      if (problems.length > 0) throw SubscriptionError.invalidInput(problems);
    }
    const updated = await this.eventTypes.modify(command.tenantId, command.type, new Date(), (current) => {
      const patch: EventTypePatch = {};
      if (command.description !== undefined && command.description !== current.description) {
        patch.description = command.description;
      }
      if (command.schema !== undefined && JSON.stringify(command.schema) !== JSON.stringify(current.schema)) {
        patch.schema = command.schema;
      }
      if (command.archived !== undefined && command.archived !== current.archived)
        patch.archived = command.archived;
      return patch;
    });
    if (updated === null) throw eventTypeNotFound(command.type);
    return toEventTypeResponse(updated);
  }
}
