import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null';
import {
  ENTITY_TYPE,
  ENTITY_TYPE_MESSAGE,
  EVENT_TYPE_FILTER,
  EVENT_TYPE_FILTER_MESSAGE,
  MAX_URL_LENGTH,
} from './endpoint-fields';

/** Every field optional; what is given replaces the current value (headers as a whole map). */
export class UpdateEndpointRequestDto {
  @ApiPropertyOptional({ maxLength: MAX_URL_LENGTH })
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalNotNull()
  @IsString()
  @Length(0, 500)
  description?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(EVENT_TYPE_FILTER, { each: true, message: EVENT_TYPE_FILTER_MESSAGE })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ENTITY_TYPE, { each: true, message: ENTITY_TYPE_MESSAGE })
  entityTypes?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Replaces the whole map. A value equal to the mask responses show ("••••••••") keeps that header\'s stored value, so a GET-edit-PATCH round trip changes only what was edited',
  })
  @OptionalNotNull()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, nullable: true, description: 'null removes the limit' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  rateLimitPerSecond?: number | null;
}
