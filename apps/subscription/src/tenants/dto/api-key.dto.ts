import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null';
import type { ApiKeyEntity } from '../persistence/api-key.entity';

export class CreateApiKeyRequestDto {
  @ApiPropertyOptional({ description: 'A label to recognise the key by', example: 'ci', maxLength: 100 })
  @OptionalNotNull()
  @IsString()
  @Length(0, 100)
  name?: string;
}

export class ApiKeyResponseDto {
  @ApiProperty({ example: 'key_5pYhQW0Qm9dXyZK1b2c3d4' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({ description: 'Shown once: only its hash is stored' })
  apiKey!: string;
}

export class ApiKeyPageResponseDto {
  @ApiProperty({ type: [ApiKeyResponseDto] })
  data!: ApiKeyResponseDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export function toApiKeyResponse(key: ApiKeyEntity): ApiKeyResponseDto {
  return {
    id: key.id,
    name: key.name,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
