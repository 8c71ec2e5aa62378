import { Injectable } from '@nestjs/common';
import { badRequest } from '@hookline/http';
import { AttemptsRepository } from '../../../attempt-log/persistence/attempts.repository';
import { decodeAttemptCursor, encodeAttemptCursor } from '../../domain/attempt-cursor';
import { toAttemptResponse, type AttemptPageResponseDto } from '../../dto/attempt.response.dto';
import type { ListAttemptsCommand } from './list-attempts.command';

/** One page of a tenant's attempt log, newest first, filtered by event, endpoint and status. */
@Injectable()
export class ListAttemptsUseCase {
  constructor(private readonly attempts: AttemptsRepository) {}

  async execute(command: ListAttemptsCommand): Promise<AttemptPageResponseDto> {
    let beforeId: string | undefined;
    if (command.cursor !== undefined) {
      const decoded = decodeAttemptCursor(command.cursor);
      if (!decoded.ok) throw badRequest(decoded.errors);
      beforeId = decoded.value;
    }
    const rows = await this.attempts.list(
      command.tenantId,
      { eventId: command.eventId, endpointId: command.endpointId, status: command.status, beforeId },
      command.limit + 1,
    );
    const page = rows.slice(0, command.limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toAttemptResponse),
      nextCursor: rows.length > command.limit && last !== undefined ? encodeAttemptCursor(last.id) : null,
    };
  }
}
