import { Body, Controller, Get, Param, Patch, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OperatorTokenGuard } from '../auth/operator-token.guard';
import { ChangeQuotaOverridesRequestDto } from './dto/change-quota-overrides.request.dto';
import { QuotasResponseDto } from './dto/quotas.response.dto';
import { ChangeQuotaOverridesUseCase } from './usecases/change-quota-overrides/change-quota-overrides.usecase';
import { GetQuotasUseCase } from './usecases/get-quotas/get-quotas.usecase';

/** Operator routes: a tenant's quotas, and overrides of the defaults for it. */
@ApiTags('operator')
@ApiBearerAuth('operator-token')
@ApiUnauthorizedResponse({ description: 'Missing or wrong operator token' })
@ApiNotFoundResponse({ description: 'No such tenant' })
@Controller('v1/tenants/:tenantId/quotas')
@UseGuards(OperatorTokenGuard)
export class TenantQuotasController {
  constructor(
    private readonly getQuotas: GetQuotasUseCase,
    private readonly changeOverrides: ChangeQuotaOverridesUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: "A tenant's quotas: limit, default, override and usage of each" })
  @ApiOkResponse({ type: QuotasResponseDto })
  get(@Param('tenantId') tenantId: string): Promise<QuotasResponseDto> {
    return this.getQuotas.execute(tenantId);
  }

  @Patch()
  @ApiOperation({
    summary: 'Override quotas for the tenant (a number), or go back to the default (null)',
    description:
      'Quotas not named keep their current override. A lower limit removes nothing: it refuses new use.',
  })
  @ApiOkResponse({ type: QuotasResponseDto })
  change(
    @Param('tenantId') tenantId: string,
    @Body() body: ChangeQuotaOverridesRequestDto,
  ): Promise<QuotasResponseDto> {
    return this.changeOverrides.execute(tenantId, body);
  }
}
