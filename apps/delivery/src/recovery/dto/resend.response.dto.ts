import { ApiProperty } from '@nestjs/swagger';

export class ResendResponseDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() endpointId!: string;
  @ApiProperty({ description: 'The same webhook-id as every earlier attempt of this delivery' })
  webhookId!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}
