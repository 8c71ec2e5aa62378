import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { CurrentTenant, TenantApiKeyGuard } from '@hookline/subscription-state';
import type { AttemptPageResponseDto } from './dto/attempt.response.dto';
import { ListAttemptsRequestDto } from './dto/list-attempts.request.dto';
import { ListAttemptsUseCase } from './usecases/list-attempts/list-attempts.usecase';

const DEFAULT_PAGE_SIZE = 50;

@Controller('v1/attempts')
@UseGuards(TenantApiKeyGuard)
export class AttemptsController {
  constructor(private readonly listAttempts: ListAttemptsUseCase) {}

  /** `GET /v1/attempts?eventId=…&endpointId=…&status=…&limit=…&cursor=…` */
  @Get()
  list(
    @CurrentTenant() tenantId: string,
    @Query() query: ListAttemptsRequestDto,
  ): Promise<AttemptPageResponseDto> {
    return this.listAttempts.execute({ tenantId, ...query, limit: query.limit ?? DEFAULT_PAGE_SIZE });
  }
}
