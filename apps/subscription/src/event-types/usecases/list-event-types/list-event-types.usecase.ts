import { Injectable } from '@nestjs/common';
import { encodeCursor } from '../../../pagination/domain/page-cursor';
import { pageRequest } from '../../../pagination/page-request';
import { BUILT_IN_EVENT_TYPES, LIFECYCLE_ACTION_CATALOGUE } from '../../domain/built-in-event-types';
import { toEventTypeResponse, type EventTypeCatalogueResponseDto } from '../../dto/event-type.response.dto';
import { EventTypesRepository } from '../../persistence/event-types.repository';

/** The catalogue: the lifecycle actions, Hookline's own types, and a page of the tenant's registered types. */
@Injectable()
export class ListEventTypesUseCase {
  constructor(private readonly eventTypes: EventTypesRepository) {}

  async execute(
    tenantId: string,
    query: { limit?: number; cursor?: string; includeArchived?: 'true' | 'false' },
  ): Promise<EventTypeCatalogueResponseDto> {
    const page = await this.eventTypes.page(tenantId, pageRequest(query), query.includeArchived === 'true');
    return {
      lifecycleActions: LIFECYCLE_ACTION_CATALOGUE,
      builtIn: [...BUILT_IN_EVENT_TYPES],
      data: page.items.map(toEventTypeResponse),
      nextCursor: page.next === undefined ? null : encodeCursor(page.next),
    };
  }
}
