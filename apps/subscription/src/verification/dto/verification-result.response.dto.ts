import { ApiProperty } from '@nestjs/swagger';

export class VerificationResultDto {
  @ApiProperty({ enum: ['verified', 'failed'] })
  status!: 'verified' | 'failed';

  @ApiProperty({ format: 'date-time' })
  checkedAt!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'The endpoint’s HTTP status, when it answered' })
  statusCode!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why verification failed' })
  error!: string | null;

  @ApiProperty({ description: 'Id of the webhook.endpoint.verification event that was sent' })
  eventId!: string;

  @ApiProperty({ description: 'Its webhook-id header' })
  webhookId!: string;
}
