import { Module } from '@nestjs/common';
import { AttemptLogModule } from '../attempt-log/attempt-log.module';
import { QuotaLimitsModule } from '../quotas/quota-limits.module';
import { RoutingModule } from '../routing/routing.module';
import { DeliveryQuotasController } from './delivery-quotas.controller';
import { ImmediateLane } from './immediate-lane';
import { ReplaysRepository } from './persistence/replays.repository';
import { RecoveryController } from './recovery.controller';
import { ReplayRunner } from './replay-runner';
import { GetDeliveryQuotasUseCase } from './usecases/get-delivery-quotas/get-delivery-quotas.usecase';
import { GetReplayUseCase } from './usecases/get-replay/get-replay.usecase';
import { RecoverEndpointUseCase } from './usecases/recover-endpoint/recover-endpoint.usecase';
import { ReplayEndpointUseCase } from './usecases/replay-endpoint/replay-endpoint.usecase';
import { ResendDeliveryUseCase } from './usecases/resend-delivery/resend-delivery.usecase';

@Module({
  imports: [AttemptLogModule, RoutingModule, QuotaLimitsModule],
  controllers: [RecoveryController, DeliveryQuotasController],
  providers: [
    ImmediateLane,
    ReplaysRepository,
    ReplayRunner,
    ResendDeliveryUseCase,
    ReplayEndpointUseCase,
    GetReplayUseCase,
    GetDeliveryQuotasUseCase,
    RecoverEndpointUseCase,
  ],
})
export class RecoveryModule {}
