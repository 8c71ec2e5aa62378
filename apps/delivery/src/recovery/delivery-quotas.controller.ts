import { Controller, Get, UseGuards } from '@nestjs/common';
import { CurrentTenant, TenantApiKeyGuard } from '@hookline/subscription-state';
import type { DeliveryQuotasResponseDto } from './dto/delivery-quotas.response.dto';
import { GetDeliveryQuotasUseCase } from './usecases/get-delivery-quotas/get-delivery-quotas.usecase';

/** The usage of the quotas delivery enforces (the subscription service's GET /v1/quotas links here). */
@Controller('v1/quotas')
@UseGuards(TenantApiKeyGuard)
export class DeliveryQuotasController {
  constructor(private readonly getQuotas: GetDeliveryQuotasUseCase) {}

  @Get('delivery')
  get(@CurrentTenant() tenantId: string): Promise<DeliveryQuotasResponseDto> {
    return this.getQuotas.execute(tenantId);
  }
}
