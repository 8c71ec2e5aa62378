import { Injectable } from '@nestjs/common';
import { DeadLettersRepository, type PositionedDeadLetter } from '../../persistence/dead-letters.repository';

/** Keeps dead-lettered deliveries for recovery; a batch seen before (after a crash) adds nothing. */
@Injectable()
export class RecordDeadLettersUseCase {
  constructor(private readonly deadLetters: DeadLettersRepository) {}

  execute(deadLetters: PositionedDeadLetter[]): Promise<number> {
    return this.deadLetters.record(deadLetters);
  }
}
