import { ApiProperty } from '@nestjs/swagger';

export class RepublishResponseDto {
  @ApiProperty()
  tenants!: number;

  @ApiProperty()
  endpoints!: number;

  @ApiProperty()
  eventTypes!: number;
}

export class ReencryptResponseDto {
  @ApiProperty({
    description: 'Endpoints whose secrets or header values were re-sealed (each got a new version)',
  })
  endpoints!: number;

  @ApiProperty({
    description: 'Signing secrets re-sealed: sealed with an older key, or in the unbound v1 format',
  })
  secrets!: number;

  @ApiProperty({
    description: 'Custom header values sealed: stored in plaintext before, or sealed with an older key',
  })
  headerValues!: number;
}
