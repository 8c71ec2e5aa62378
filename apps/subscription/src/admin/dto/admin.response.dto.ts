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
  @ApiProperty({ description: 'Endpoints whose secrets were re-sealed with the newest encryption key' })
  endpoints!: number;
}
