import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VerificationResultDto } from '../../verification/dto/verification-result.response.dto';
import { EndpointResponseDto } from './endpoint.response.dto';

export class CreateEndpointResponseDto extends EndpointResponseDto {
  @ApiProperty({ description: 'The signing secret (whsec_…), shown here and on explicit request only' })
  secret!: string;

  @ApiPropertyOptional({
    type: VerificationResultDto,
    description: 'Present when the request asked to verify',
  })
  verificationResult?: VerificationResultDto;
}
