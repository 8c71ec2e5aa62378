import { Module } from '@nestjs/common';
import { AttemptLogModule } from '../attempt-log/attempt-log.module';
import { AttemptsController } from './attempts.controller';
import { ListAttemptsUseCase } from './usecases/list-attempts/list-attempts.usecase';

@Module({
  imports: [AttemptLogModule],
  controllers: [AttemptsController],
  providers: [ListAttemptsUseCase],
})
export class AttemptsModule {}
