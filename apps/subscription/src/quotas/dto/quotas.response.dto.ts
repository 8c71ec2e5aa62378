import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class QuotaStatusDto {
  @ApiProperty({ description: "The tenant's limit: the default, or the operator's override" })
  limit!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "What is in use (this minute's count, for a per-minute quota); null for delivery's quotas: see usageUrl",
  })
  usage!: number | null;

  @ApiProperty({ description: "The installation's default for this quota" })
  default!: number;

  @ApiProperty({ description: 'Whether the operator set a limit of its own for this tenant' })
  overridden!: boolean;

  @ApiProperty({ enum: ['count', 'perMinute'] })
  kind!: 'count' | 'perMinute';

  @ApiProperty({ enum: ['subscription', 'delivery'], description: 'The service that enforces it' })
  enforcedBy!: 'subscription' | 'delivery';

  @ApiPropertyOptional({
    description: 'Per-minute quotas counted here: when this minute’s count starts again at 0',
  })
  resetsAt?: string;

  @ApiPropertyOptional({
    description: "Delivery's quotas: where their usage is read (delivery's GET /v1/quotas/delivery)",
  })
  usageUrl?: string;
}

export class TenantQuotaSetDto {
  @ApiProperty({ type: QuotaStatusDto, description: 'Endpoints of the tenant' })
  endpoints!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Unrevoked API keys' })
  apiKeys!: QuotaStatusDto;

  @ApiProperty({
    type: QuotaStatusDto,
    description: 'Secrets signing at once on one endpoint (usage: the most on any endpoint)',
  })
  liveSecretsPerEndpoint!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Registered event types, archived ones included' })
  eventTypes!: QuotaStatusDto;

  @ApiProperty({
    type: QuotaStatusDto,
    description: 'Endpoints subscribed to operational events (endpoint.*)',
  })
  operationalSubscribers!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Test events per minute' })
  testEventsPerMinute!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Verification challenges per minute' })
  verificationsPerMinute!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Replays running at once (delivery)' })
  concurrentReplays!: QuotaStatusDto;

  @ApiProperty({ type: QuotaStatusDto, description: 'Resends per minute (delivery)' })
  resendsPerMinute!: QuotaStatusDto;
}

export class QuotasResponseDto {
  @ApiProperty()
  tenantId!: string;

  @ApiProperty({ type: TenantQuotaSetDto })
  quotas!: TenantQuotaSetDto;
}
