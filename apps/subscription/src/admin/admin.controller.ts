import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OperatorTokenGuard } from '../auth/operator-token.guard';
import { ReencryptResponseDto, RepublishResponseDto } from './dto/admin.response.dto';
import { ReencryptSecretsUseCase } from './usecases/reencrypt-secrets/reencrypt-secrets.usecase';
import { RepublishStateUseCase } from './usecases/republish-state/republish-state.usecase';

@ApiTags('operator')
@ApiBearerAuth('operator-token')
@ApiUnauthorizedResponse({ description: 'Missing or wrong operator token' })
@Controller('v1/admin')
@UseGuards(OperatorTokenGuard)
export class AdminController {
  constructor(
    private readonly republishState: RepublishStateUseCase,
    private readonly reencryptSecrets: ReencryptSecretsUseCase,
  ) {}

  @Post('republish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Write every tenant, endpoint and event type record to the subscriptions topic again',
  })
  @ApiOkResponse({ type: RepublishResponseDto })
  republish(): Promise<RepublishResponseDto> {
    return this.republishState.execute();
  }

  @Post('secrets/reencrypt')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-seal every endpoint secret with the newest SECRET_ENCRYPTION_KEYS key' })
  @ApiOkResponse({ type: ReencryptResponseDto })
  reencrypt(): Promise<ReencryptResponseDto> {
    return this.reencryptSecrets.execute();
  }
}
