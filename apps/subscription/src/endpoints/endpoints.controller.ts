import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiCountQuota, ApiRateLimited, ApiRateQuota } from '../errors/api-refusals';
import { PageQueryDto } from '../pagination/dto/page.query.dto';
import { CreateEndpointRequestDto } from './dto/create-endpoint.request.dto';
import { CreateEndpointResponseDto } from './dto/create-endpoint.response.dto';
import { EndpointPageResponseDto, EndpointResponseDto } from './dto/endpoint.response.dto';
import { UpdateEndpointRequestDto } from './dto/update-endpoint.request.dto';
import { CreateEndpointUseCase } from './usecases/create-endpoint/create-endpoint.usecase';
import { DeleteEndpointUseCase } from './usecases/delete-endpoint/delete-endpoint.usecase';
import { GetEndpointUseCase } from './usecases/get-endpoint/get-endpoint.usecase';
import { ListEndpointsUseCase } from './usecases/list-endpoints/list-endpoints.usecase';
import { SetEndpointEnabledUseCase } from './usecases/set-endpoint-enabled/set-endpoint-enabled.usecase';
import { UpdateEndpointUseCase } from './usecases/update-endpoint/update-endpoint.usecase';

@ApiTags('endpoints')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiRateLimited()
@Controller('v1/endpoints')
@UseGuards(TenantKeyGuard)
export class EndpointsController {
  constructor(
    private readonly createEndpoint: CreateEndpointUseCase,
    private readonly listEndpoints: ListEndpointsUseCase,
    private readonly getEndpoint: GetEndpointUseCase,
    private readonly updateEndpoint: UpdateEndpointUseCase,
    private readonly deleteEndpoint: DeleteEndpointUseCase,
    private readonly setEnabled: SetEndpointEnabledUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint; its signing secret is in the answer' })
  @ApiCreatedResponse({ type: CreateEndpointResponseDto })
  @ApiBadRequestResponse({ description: 'Field errors, including a URL whose host is a blocked address' })
  @ApiCountQuota('endpoints, or operationalSubscribers for an endpoint that hears endpoint.* events,')
  @ApiRateQuota('verificationsPerMinute (with "verify": true)')
  create(
    @CurrentTenant() tenantId: string,
    @Body() body: CreateEndpointRequestDto,
  ): Promise<CreateEndpointResponseDto> {
    return this.createEndpoint.execute({ tenantId, ...body });
  }

  @Get()
  @ApiOperation({ summary: 'List endpoints in creation order (cursor pagination)' })
  @ApiOkResponse({ type: EndpointPageResponseDto })
  list(@CurrentTenant() tenantId: string, @Query() query: PageQueryDto): Promise<EndpointPageResponseDto> {
    return this.listEndpoints.execute(tenantId, query);
  }

  @Get(':endpointId')
  @ApiOkResponse({ type: EndpointResponseDto })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  get(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<EndpointResponseDto> {
    return this.getEndpoint.execute(tenantId, endpointId);
  }

  @Patch(':endpointId')
  @ApiOperation({ summary: 'Change settings; only what is given changes' })
  @ApiCountQuota('operationalSubscribers (a change of filters to hear endpoint.* events)')
  @ApiOkResponse({ type: EndpointResponseDto })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  update(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
    @Body() body: UpdateEndpointRequestDto,
  ): Promise<EndpointResponseDto> {
    return this.updateEndpoint.execute({ tenantId, endpointId, changes: body });
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted, with its secrets' })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  delete(@CurrentTenant() tenantId: string, @Param('endpointId') endpointId: string): Promise<void> {
    return this.deleteEndpoint.execute(tenantId, endpointId);
  }

  @Post(':endpointId/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable (clears the reason Hookline gave when it disabled the endpoint)' })
  @ApiOkResponse({ type: EndpointResponseDto })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  enable(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<EndpointResponseDto> {
    return this.setEnabled.execute(tenantId, endpointId, true);
  }

  @Post(':endpointId/disable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disable: no events are delivered to it until it is enabled again' })
  @ApiOkResponse({ type: EndpointResponseDto })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  disable(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<EndpointResponseDto> {
    return this.setEnabled.execute(tenantId, endpointId, false);
  }
}
