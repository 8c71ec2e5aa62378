import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { TENANT_QUOTA_MAXIMA as MAX } from '@hookline/contracts';

const description = (what: string, max: number) =>
  `${what}: a whole number from 0 to ${max.toLocaleString('en')}, or null to go back to the default`;

/** Overrides to set (a number) or remove (null); quotas not named keep theirs. */
export class ChangeQuotaOverridesRequestDto {
  @ApiPropertyOptional({ type: Number, nullable: true, description: description('Endpoints', MAX.endpoints) })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.endpoints)
  endpoints?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Unrevoked API keys', MAX.apiKeys),
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX.apiKeys)
  apiKeys?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Secrets signing at once per endpoint (at least 1)', MAX.liveSecretsPerEndpoint),
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX.liveSecretsPerEndpoint)
  liveSecretsPerEndpoint?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Event types', MAX.eventTypes),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.eventTypes)
  eventTypes?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Endpoints subscribed to operational events', MAX.operationalSubscribers),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.operationalSubscribers)
  operationalSubscribers?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Test events per minute', MAX.testEventsPerMinute),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.testEventsPerMinute)
  testEventsPerMinute?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Verifications per minute', MAX.verificationsPerMinute),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.verificationsPerMinute)
  verificationsPerMinute?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Replays running at once', MAX.concurrentReplays),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.concurrentReplays)
  concurrentReplays?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: description('Resends per minute', MAX.resendsPerMinute),
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX.resendsPerMinute)
  resendsPerMinute?: number | null;
}
