import { ApiProperty } from '@nestjs/swagger';
import { ApiKeyResponseDto } from './api-key.dto';

export class TenantResponseDto {
  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: [ApiKeyResponseDto], description: 'Keys by id; never the keys themselves' })
  apiKeys!: ApiKeyResponseDto[];
}
