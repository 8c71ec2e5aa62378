import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiRateLimited, ApiRateQuota } from '../errors/api-refusals';
import { VerificationResultDto } from './dto/verification-result.response.dto';
import { VerifyEndpointUseCase } from './usecases/verify-endpoint/verify-endpoint.usecase';

@ApiTags('endpoints')
@ApiBearerAuth('tenant-key')
@ApiRateLimited()
@Controller('v1/endpoints')
@UseGuards(TenantKeyGuard)
export class VerificationController {
  constructor(private readonly verifyEndpoint: VerifyEndpointUseCase) {}

  @Post(':endpointId/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a signed webhook.endpoint.verification challenge now',
    description:
      'The endpoint must answer 2xx with {"challenge": "<data.challenge>"}; the result is recorded on it.',
  })
  @ApiOkResponse({ type: VerificationResultDto })
  @ApiRateQuota('verificationsPerMinute')
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  async verify(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<VerificationResultDto> {
    return (await this.verifyEndpoint.execute(tenantId, endpointId)).result;
  }
}
