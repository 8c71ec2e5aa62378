import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null';
import { CreateEndpointRequestDto } from './create-endpoint.request.dto';
import { MAX_URL_LENGTH } from './endpoint-fields';

/**
 * Every field optional; what is given replaces the current value (headers as a whole map). The fields and
 * their validation are the create request's; enabling, secrets and verification have their own routes.
 */
export class UpdateEndpointRequestDto extends OmitType(CreateEndpointRequestDto, [
  'url',
  'enabled',
  'secret',
  'verify',
] as const) {
  @ApiPropertyOptional({ maxLength: MAX_URL_LENGTH })
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  url?: string;
}
