import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_ID_PATTERN } from '@hookline/contracts';
import type { AttemptStatus } from '../../attempt-log/persistence/attempts.repository';

export const ATTEMPT_STATUSES: AttemptStatus[] = ['succeeded', 'failed', 'retrying', 'exhausted'];

export class ListAttemptsRequestDto {
  @ApiPropertyOptional({ description: 'Only attempts of this event' })
  @IsOptional()
  @IsString()
  @Matches(new RegExp(EVENT_ID_PATTERN), { message: 'eventId is not a valid event id' })
  eventId?: string;

  @ApiPropertyOptional({ description: 'Only attempts at this endpoint' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  endpointId?: string;

  @ApiPropertyOptional({
    enum: ATTEMPT_STATUSES,
    description: '`retrying`: failed with another attempt scheduled; `exhausted`: failed, none will follow',
  })
  @IsOptional()
  @IsIn(ATTEMPT_STATUSES, { message: `status must be one of ${ATTEMPT_STATUSES.join(', ')}` })
  status?: AttemptStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 250, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  cursor?: string;
}
