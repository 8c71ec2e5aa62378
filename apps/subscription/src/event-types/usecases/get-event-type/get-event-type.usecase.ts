import { Injectable } from '@nestjs/common';
import { eventTypeNotFound } from '../../event-type-not-found';
import { toEventTypeResponse, type EventTypeResponseDto } from '../../dto/event-type.response.dto';
import { EventTypesRepository } from '../../persistence/event-types.repository';

@Injectable()
export class GetEventTypeUseCase {
  constructor(private readonly eventTypes: EventTypesRepository) {}

  async execute(tenantId: string, type: string): Promise<EventTypeResponseDto> {
    const eventType = await this.eventTypes.findOne(tenantId, type);
    if (eventType === null) throw eventTypeNotFound(type);
    return toEventTypeResponse(eventType);
  }
}
