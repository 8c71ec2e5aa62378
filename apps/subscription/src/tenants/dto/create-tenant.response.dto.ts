import { ApiProperty } from '@nestjs/swagger';

export class CreateTenantResponseDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ description: 'Shown once: only its hash is stored' })
  apiKey!: string;

  @ApiProperty()
  apiKeyId!: string;
}
