import { ApiProperty } from '@nestjs/swagger';

export class EndpointSecretResponseDto {
  @ApiProperty({ description: 'The current signing secret (whsec_…)' })
  secret!: string;
}

export class RotatedSecretResponseDto {
  @ApiProperty({ description: 'The new signing secret (whsec_…), signing from now on' })
  secret!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when the previous secret keeps signing beside it; null when it stopped at once',
  })
  previousSecretExpiresAt!: string | null;
}
