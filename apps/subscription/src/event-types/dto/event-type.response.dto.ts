import { ApiProperty } from '@nestjs/swagger';
import type { EventTypeEntity } from '../persistence/event-type.entity';

export class EventTypeResponseDto {
  @ApiProperty({ example: 'customer.merged' })
  type!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true })
  schema!: Record<string, unknown> | null;

  @ApiProperty()
  archived!: boolean;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class LifecycleActionDto {
  @ApiProperty({ example: 'deleted_forever' })
  action!: string;

  @ApiProperty()
  description!: string;
}

export class BuiltInEventTypeDto {
  @ApiProperty({ example: 'endpoint.disabled' })
  type!: string;

  @ApiProperty()
  description!: string;
}

export class EventTypeCatalogueResponseDto {
  @ApiProperty({
    type: [LifecycleActionDto],
    description: 'Actions every entity type has: <entity>.<action>',
  })
  lifecycleActions!: LifecycleActionDto[];

  @ApiProperty({ type: [BuiltInEventTypeDto], description: 'Types Hookline itself sends' })
  builtIn!: BuiltInEventTypeDto[];

  @ApiProperty({ type: [EventTypeResponseDto], description: 'Types this tenant registered (a page of them)' })
  data!: EventTypeResponseDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export function toEventTypeResponse(eventType: EventTypeEntity): EventTypeResponseDto {
  return {
    type: eventType.type,
    description: eventType.description,
    schema: eventType.schema,
    archived: eventType.archived,
    version: eventType.version,
    createdAt: eventType.createdAt.toISOString(),
    updatedAt: eventType.updatedAt.toISOString(),
  };
}
