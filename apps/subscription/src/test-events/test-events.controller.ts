import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiRateLimited, ApiRateQuota } from '../errors/api-refusals';
import { SendTestEventRequestDto, TestEventResponseDto } from './dto/send-test-event.dto';
import { SendTestEventUseCase } from './usecases/send-test-event/send-test-event.usecase';

@ApiTags('endpoints')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiRateLimited()
@Controller('v1/endpoints/:endpointId/test')
@UseGuards(TenantKeyGuard)
export class TestEventsController {
  constructor(private readonly sendTestEvent: SendTestEventUseCase) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a test event of any type to this endpoint through the real delivery path' })
  @ApiAcceptedResponse({ type: TestEventResponseDto })
  @ApiNotFoundResponse({ description: 'No such endpoint for this tenant' })
  @ApiConflictResponse({ description: 'The endpoint is disabled' })
  @ApiRateQuota('testEventsPerMinute')
  send(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
    @Body() body: SendTestEventRequestDto,
  ): Promise<TestEventResponseDto> {
    return this.sendTestEvent.execute({ tenantId, endpointId, ...body });
  }
}
