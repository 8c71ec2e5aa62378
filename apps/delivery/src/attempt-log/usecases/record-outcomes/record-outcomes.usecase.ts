import { Injectable } from '@nestjs/common';
import { AttemptsRepository, type PositionedOutcome } from '../../persistence/attempts.repository';

/** Adds a batch of outcomes to the attempt log; a batch seen before (after a crash) adds nothing. */
@Injectable()
export class RecordOutcomesUseCase {
  constructor(private readonly attempts: AttemptsRepository) {}

  execute(outcomes: PositionedOutcome[]): Promise<number> {
    return this.attempts.record(outcomes);
  }
}
