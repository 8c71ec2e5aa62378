import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class ReplayRequestDto {
  @ApiProperty({ description: 'Replay events written at or after this time (RFC 3339)' })
  @IsISO8601({ strict: true }, { message: 'since must be an RFC 3339 timestamp' })
  since!: string;

  @ApiPropertyOptional({ description: 'Up to (not including) this time; now when absent' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'until must be an RFC 3339 timestamp' })
  until?: string;
}
