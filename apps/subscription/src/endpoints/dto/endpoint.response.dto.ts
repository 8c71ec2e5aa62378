import { ApiProperty } from '@nestjs/swagger';
import { HEADER_VALUE_MASK, maskHeaderValues } from '../domain/sealed-header-values';
import type { EndpointEntity } from '../persistence/endpoint.entity';

export class EndpointVerificationDto {
  @ApiProperty({ enum: ['unverified', 'verified', 'failed'] })
  status!: 'unverified' | 'verified' | 'failed';

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  checkedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last verification failed' })
  error!: string | null;
}

export class EndpointResponseDto {
  @ApiProperty({ example: 'ep_2bqVDEVNpFqxkzT5kEYdrx' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String] })
  eventTypes!: string[];

  @ApiProperty({ type: [String] })
  entityTypes!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `Custom header names; every value reads "${HEADER_VALUE_MASK}" (values are write-only and stored encrypted)`,
    example: { authorization: HEADER_VALUE_MASK },
  })
  headers!: Record<string, string>;

  @ApiProperty({ type: Number, nullable: true })
  rateLimitPerSecond!: number | null;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Set when Hookline disabled the endpoint, with why',
  })
  disabledReason!: string | null;

  @ApiProperty({ type: EndpointVerificationDto })
  verification!: EndpointVerificationDto;

  @ApiProperty({ description: 'Increases with every change' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class EndpointPageResponseDto {
  @ApiProperty({ type: [EndpointResponseDto] })
  data!: EndpointResponseDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export function toEndpointResponse(endpoint: EndpointEntity): EndpointResponseDto {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: endpoint.eventTypes,
    entityTypes: endpoint.entityTypes,
    headers: maskHeaderValues(endpoint.headers),
    rateLimitPerSecond: endpoint.rateLimitPerSecond,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    verification: {
      status: endpoint.verificationStatus,
      checkedAt: endpoint.verificationCheckedAt?.toISOString() ?? null,
      error: endpoint.verificationError,
    },
    version: endpoint.version,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}
