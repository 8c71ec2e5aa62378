import { Module } from '@nestjs/common';
import { AttemptLogModule } from '../attempt-log/attempt-log.module';
import { RoutingModule } from '../routing/routing.module';
import { ImmediateLane } from './immediate-lane';
import { ReplaysRepository } from './persistence/replays.repository';
import { RecoveryController } from './recovery.controller';
import { ReplayRunner } from './replay-runner';
import { GetReplayUseCase } from './usecases/get-replay/get-replay.usecase';
import { RecoverEndpointUseCase } from './usecases/recover-endpoint/recover-endpoint.usecase';
import { ReplayEndpointUseCase } from './usecases/replay-endpoint/replay-endpoint.usecase';
import { ResendDeliveryUseCase } from './usecases/resend-delivery/resend-delivery.usecase';

@Module({
  imports: [AttemptLogModule, RoutingModule],
  controllers: [RecoveryController],
  providers: [
    ImmediateLane,
    ReplaysRepository,
    ReplayRunner,
    ResendDeliveryUseCase,
    ReplayEndpointUseCase,
    GetReplayUseCase,
    RecoverEndpointUseCase,
  ],
})
export class RecoveryModule {}
