import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null';

export class RotateSecretRequestDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 604_800,
    description:
      'How long the previous secret keeps signing beside the new one (default: the configured overlap, 24 h)',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 3600)
  overlapSeconds?: number;

  @ApiPropertyOptional({
    description: 'The new secret (whsec_ + base64 of 24-64 bytes); generated when omitted',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  secret?: string;
}
