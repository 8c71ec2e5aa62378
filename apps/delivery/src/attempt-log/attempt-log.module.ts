import { Module } from '@nestjs/common';
import { DeadLettersConsumer } from './dead-letters.consumer';
import { OutcomesLogConsumer } from './outcomes-log.consumer';
import { AttemptsRepository } from './persistence/attempts.repository';
import { DeadLettersRepository } from './persistence/dead-letters.repository';
import { RecordDeadLettersUseCase } from './usecases/record-dead-letters/record-dead-letters.usecase';
import { RecordOutcomesUseCase } from './usecases/record-outcomes/record-outcomes.usecase';

/** The attempt log and the dead letters, projected from their topics into the `delivery` schema. */
@Module({
  providers: [
    OutcomesLogConsumer,
    DeadLettersConsumer,
    RecordOutcomesUseCase,
    RecordDeadLettersUseCase,
    AttemptsRepository,
    DeadLettersRepository,
  ],
  exports: [AttemptsRepository, DeadLettersRepository],
})
export class AttemptLogModule {}
