import { Module } from '@nestjs/common';
import { ProjectionModule } from '../projection/projection.module';
import { SweepScheduler } from './sweep.scheduler';
import { PruneHistoryUseCase } from './usecases/prune-history/prune-history.usecase';
import { RetireZombiesUseCase } from './usecases/retire-zombies/retire-zombies.usecase';

@Module({
  imports: [ProjectionModule],
  providers: [SweepScheduler, RetireZombiesUseCase, PruneHistoryUseCase],
})
export class RetirementModule {}
