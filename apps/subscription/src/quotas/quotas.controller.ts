import { Controller, Get, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiRateLimited } from '../errors/api-refusals';
import { QuotasResponseDto } from './dto/quotas.response.dto';
import { GetQuotasUseCase } from './usecases/get-quotas/get-quotas.usecase';

@ApiTags('quotas')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiRateLimited()
@Controller('v1/quotas')
@UseGuards(TenantKeyGuard)
export class QuotasController {
  constructor(private readonly getQuotas: GetQuotasUseCase) {}

  @Get()
  @ApiOperation({ summary: "The tenant's quotas: each one's limit and what is in use" })
  @ApiOkResponse({ type: QuotasResponseDto })
  get(@CurrentTenant() tenantId: string): Promise<QuotasResponseDto> {
    return this.getQuotas.execute(tenantId);
  }
}
