import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { EVENT_ID_PATTERN } from '@hookline/contracts';
import { badRequest } from '@hookline/http';
import { CurrentTenant, TenantApiKeyGuard } from '@hookline/subscription-state';
import type { EventTraceResponseDto } from './dto/event-trace.response.dto';
import { TraceEventUseCase } from './usecases/trace-event/trace-event.usecase';

const EVENT_ID = new RegExp(EVENT_ID_PATTERN);

@Controller('v1/events')
@UseGuards(TenantApiKeyGuard)
export class EventTraceController {
  constructor(private readonly traceEvent: TraceEventUseCase) {}

  /** Event ids may contain `/`: send them URL-encoded (`%2F`). */
  @Get(':eventId/trace')
  trace(
    @CurrentTenant() tenantId: string,
    @Param('eventId') eventId: string,
  ): Promise<EventTraceResponseDto> {
    if (!EVENT_ID.test(eventId)) {
      throw badRequest([{ field: 'eventId', message: 'is not a valid event id' }]);
    }
    return this.traceEvent.execute(tenantId, eventId);
  }
}
