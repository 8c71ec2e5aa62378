import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null';

export class CreateTenantRequestDto {
  @ApiPropertyOptional({
    description: 'The tenant id upstream events carry in `tenant`; generated when omitted',
    example: 'acme',
    pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
  })
  @OptionalNotNull()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    message: 'id must be 1-64 letters, digits, "_" or "-", starting with a letter or digit',
  })
  id?: string;

  @ApiProperty({ example: 'Acme', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;
}
