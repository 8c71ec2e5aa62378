import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { EVENT_TYPE_PATTERN } from '@hookline/contracts';
import { PageQueryDto } from '../../pagination/dto/page.query.dto';
import { OptionalNotNull } from '../../validation/optional-not-null';

const SCHEMA_PROPERTY = {
  type: 'object',
  nullable: true,
  additionalProperties: true,
  description: 'JSON Schema (draft-07) for the event’s data; it must compile. null accepts any object.',
  example: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
} as const;

export class RegisterEventTypeRequestDto {
  @ApiProperty({ example: 'customer.merged', pattern: EVENT_TYPE_PATTERN, maxLength: 128 })
  @IsString()
  @MaxLength(128)
  @Matches(new RegExp(EVENT_TYPE_PATTERN), { message: 'type must be "<entity>.<action>", lowercase' })
  type!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalNotNull()
  @IsString()
  @Length(0, 500)
  description?: string;

  @ApiPropertyOptional(SCHEMA_PROPERTY)
  @IsOptional()
  @IsObject()
  schema?: Record<string, unknown> | null;
}

export class UpdateEventTypeRequestDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalNotNull()
  @IsString()
  @Length(0, 500)
  description?: string;

  @ApiPropertyOptional(SCHEMA_PROPERTY)
  @IsOptional()
  @IsObject()
  schema?: Record<string, unknown> | null;

  @ApiPropertyOptional({ description: 'false brings an archived type back' })
  @OptionalNotNull()
  @IsBoolean()
  archived?: boolean;
}

export class ListEventTypesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  @Transform(({ value }: { value: unknown }) => value)
  includeArchived?: 'true' | 'false';
}
