import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length, Matches, MaxLength } from 'class-validator';
import { EVENT_TYPE_PATTERN } from '@hookline/contracts';
import { OptionalNotNull } from '../../validation/optional-not-null';

export class SendTestEventRequestDto {
  @ApiProperty({
    example: 'customer.created',
    description: 'Any event type; the endpoint’s filters are bypassed',
  })
  @IsString()
  @MaxLength(128)
  @Matches(new RegExp(EVENT_TYPE_PATTERN), { message: 'eventType must be "<entity>.<action>", lowercase' })
  eventType!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The event’s data (checked against the type’s schema when one is registered)',
  })
  @OptionalNotNull()
  @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'The entity id; "test" when omitted', maxLength: 256 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 256)
  subject?: string;
}

export class TestEventResponseDto {
  @ApiProperty()
  eventId!: string;

  @ApiProperty({ description: 'The webhook-id the endpoint will see (the same on every retry)' })
  webhookId!: string;

  @ApiProperty()
  endpointId!: string;

  @ApiProperty()
  eventType!: string;

  @ApiProperty({ description: 'The delivery service’s attempts of this event at this endpoint' })
  attemptsUrl!: string;
}
