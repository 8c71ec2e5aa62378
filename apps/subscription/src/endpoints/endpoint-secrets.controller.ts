import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiCountQuota, ApiRateLimited } from '../errors/api-refusals';
import { EndpointSecretResponseDto, RotatedSecretResponseDto } from './dto/endpoint-secret.response.dto';
import { RotateSecretRequestDto } from './dto/rotate-secret.request.dto';
import { RevealEndpointSecretUseCase } from './usecases/reveal-endpoint-secret/reveal-endpoint-secret.usecase';
import { RotateEndpointSecretUseCase } from './usecases/rotate-endpoint-secret/rotate-endpoint-secret.usecase';

@ApiTags('endpoints')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
@ApiRateLimited()
@Controller('v1/endpoints/:endpointId/secret')
@UseGuards(TenantKeyGuard)
export class EndpointSecretsController {
  constructor(
    private readonly revealSecret: RevealEndpointSecretUseCase,
    private readonly rotateSecret: RotateEndpointSecretUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Show the current signing secret' })
  @ApiOkResponse({ type: EndpointSecretResponseDto })
  reveal(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<EndpointSecretResponseDto> {
    return this.revealSecret.execute(tenantId, endpointId);
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new secret; the previous one keeps signing for the overlap' })
  @ApiOkResponse({ type: RotatedSecretResponseDto })
  @ApiCountQuota('liveSecretsPerEndpoint (rotate with overlapSeconds 0 to retire the previous secrets)')
  rotate(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
    @Body() body: RotateSecretRequestDto,
  ): Promise<RotatedSecretResponseDto> {
    return this.rotateSecret.execute({ tenantId, endpointId, ...body });
  }
}
