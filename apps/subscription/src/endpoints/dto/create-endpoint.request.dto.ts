import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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

export class CreateEndpointRequestDto {
  @ApiProperty({
    description:
      'https (or http where the operator allows it); refused if its host is or resolves to a blocked address',
    example: 'https://hooks.example.com/hookline',
    maxLength: MAX_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url!: string;

  @ApiPropertyOptional({ maxLength: 500, default: '' })
  @OptionalNotNull()
  @IsString()
  @Length(0, 500)
  description?: string;

  @ApiPropertyOptional({
    description: 'Event types to receive: exact types, "entity.*" wildcards or "*" (the default)',
    type: [String],
    example: ['customer.*', 'conversation.deleted'],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(EVENT_TYPE_FILTER, { each: true, message: EVENT_TYPE_FILTER_MESSAGE })
  eventTypes?: string[];

  @ApiPropertyOptional({
    description: 'Only events about these entity types; empty (the default) means every entity',
    type: [String],
    example: ['conversation'],
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ENTITY_TYPE, { each: true, message: ENTITY_TYPE_MESSAGE })
  entityTypes?: string[];

  @ApiPropertyOptional({
    description:
      'Sent with every request; webhook-*, hop-by-hop and reserved headers are refused. Values are stored encrypted and never shown again (responses mask them)',
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'x-team': 'billing' },
  })
  @OptionalNotNull()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000, nullable: true, description: 'null: unlimited' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  rateLimitPerSecond?: number | null;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    description: 'Bring your own signing secret (whsec_ + base64 of 24-64 bytes); generated when omitted',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  secret?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Send a signed webhook.endpoint.verification challenge right away and report the result',
  })
  @OptionalNotNull()
  @IsBoolean()
  verify?: boolean;
}
