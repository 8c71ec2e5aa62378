import { Injectable, type PipeTransform } from '@nestjs/common';
import type { Validator } from '@hookline/contracts';
import { badRequest } from './field-errors-validation-pipe';

/** Validates a body against a JSON-Schema contract from @hookline/contracts, answering 400 per field. */
@Injectable()
export class ContractBodyPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly validate: Validator<T>) {}

  transform(body: unknown): T {
    const result = this.validate(body);
    if (!result.ok) throw badRequest(result.errors);
    return result.value;
  }
}
