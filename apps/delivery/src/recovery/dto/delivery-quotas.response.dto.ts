import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DeliveryQuotaStatusDto {
  @ApiProperty({ description: "The tenant's limit (the default, or the operator's override)" })
  limit!: number;

  @ApiProperty({ description: 'Replays running now; resends counted this minute' })
  usage!: number;

  @ApiProperty({ enum: ['count', 'perMinute'] })
  kind!: 'count' | 'perMinute';

  @ApiPropertyOptional({ description: 'Per-minute quotas: when this minute’s count starts again at 0' })
  resetsAt?: string;
}

export class DeliveryQuotasDto {
  @ApiProperty({ type: DeliveryQuotaStatusDto }) concurrentReplays!: DeliveryQuotaStatusDto;
  @ApiProperty({ type: DeliveryQuotaStatusDto }) resendsPerMinute!: DeliveryQuotaStatusDto;
}

/** The quotas delivery enforces; the subscription service's GET /v1/quotas lists every quota. */
export class DeliveryQuotasResponseDto {
  @ApiProperty() tenantId!: string;
  @ApiProperty({ type: DeliveryQuotasDto }) quotas!: DeliveryQuotasDto;
}
