import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { CurrentTenant, TenantApiKeyGuard } from '@hookline/subscription-state';
import { RecoverRequestDto } from './dto/recover.request.dto';
import type { RecoverResponseDto } from './dto/recover.response.dto';
import { ReplayRequestDto } from './dto/replay.request.dto';
import type { ReplayResponseDto } from './dto/replay.response.dto';
import type { ResendResponseDto } from './dto/resend.response.dto';
import { GetReplayUseCase } from './usecases/get-replay/get-replay.usecase';
import { RecoverEndpointUseCase } from './usecases/recover-endpoint/recover-endpoint.usecase';
import { ReplayEndpointUseCase } from './usecases/replay-endpoint/replay-endpoint.usecase';
import { ResendDeliveryUseCase } from './usecases/resend-delivery/resend-delivery.usecase';

/** Operator controls: resend one delivery, replay a time range, recover dead letters. */
@Controller('v1')
@UseGuards(TenantApiKeyGuard)
export class RecoveryController {
  constructor(
    private readonly resendDelivery: ResendDeliveryUseCase,
    private readonly replayEndpoint: ReplayEndpointUseCase,
    private readonly getReplay: GetReplayUseCase,
    private readonly recoverEndpoint: RecoverEndpointUseCase,
  ) {}

  @Post('events/:eventId/endpoints/:endpointId/resend')
  @HttpCode(202)
  resend(
    @CurrentTenant() tenantId: string,
    @Param('eventId') eventId: string,
    @Param('endpointId') endpointId: string,
  ): Promise<ResendResponseDto> {
    return this.resendDelivery.execute({ tenantId, eventId, endpointId });
  }

  @Post('endpoints/:endpointId/replay')
  @HttpCode(202)
  replay(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
    @Body() body: ReplayRequestDto,
  ): Promise<ReplayResponseDto> {
    const until = body.until === undefined ? new Date() : new Date(body.until);
    return this.replayEndpoint.execute({ tenantId, endpointId, since: new Date(body.since), until });
  }

  @Get('replays/:replayId')
  replayStatus(
    @CurrentTenant() tenantId: string,
    @Param('replayId') replayId: string,
  ): Promise<ReplayResponseDto> {
    return this.getReplay.execute(tenantId, replayId);
  }

  @Post('endpoints/:endpointId/recover')
  @HttpCode(202)
  recover(
    @CurrentTenant() tenantId: string,
    @Param('endpointId') endpointId: string,
    @Body() body: RecoverRequestDto,
  ): Promise<RecoverResponseDto> {
    const since = body.since === undefined ? undefined : new Date(body.since);
    return this.recoverEndpoint.execute({ tenantId, endpointId, since });
  }
}
