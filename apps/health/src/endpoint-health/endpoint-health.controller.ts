import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { CurrentTenant, TenantApiKeyGuard } from '@hookline/subscription-state';
import type {
  EndpointHealthListResponseDto,
  EndpointHealthResponseDto,
} from './dto/endpoint-health.response.dto';
import { ListEndpointHealthRequestDto } from './dto/list-endpoint-health.request.dto';
import { GetEndpointHealthUseCase } from './usecases/get-endpoint-health/get-endpoint-health.usecase';
import { ListEndpointHealthUseCase } from './usecases/list-endpoint-health/list-endpoint-health.usecase';

@Controller('v1/endpoints')
@UseGuards(TenantApiKeyGuard)
export class EndpointHealthController {
  constructor(
    private readonly getEndpointHealth: GetEndpointHealthUseCase,
    private readonly listEndpointHealth: ListEndpointHealthUseCase,
  ) {}

  @Get('health')
  list(
    @CurrentTenant() tenantId: string,
    @Query() query: ListEndpointHealthRequestDto,
  ): Promise<EndpointHealthListResponseDto> {
    return this.listEndpointHealth.execute(tenantId, query);
  }

  @Get(':endpointId/health')
  get(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<EndpointHealthResponseDto> {
    return this.getEndpointHealth.execute(tenantId, endpointId);
  }
}
