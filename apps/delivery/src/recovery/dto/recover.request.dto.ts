import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class RecoverRequestDto {
  @ApiPropertyOptional({ description: 'Only deliveries dead-lettered at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an RFC 3339 timestamp' })
  since?: string;
}
