import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTenant } from '@hookline/subscription-state';
import { TenantKeyGuard } from '../auth/tenant-key.guard';
import { ApiCountQuota, ApiRateLimited } from '../errors/api-refusals';
import { PageQueryDto } from '../pagination/dto/page.query.dto';
import { ApiKeyPageResponseDto, CreateApiKeyRequestDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';
import { IssueApiKeyUseCase } from './usecases/issue-api-key/issue-api-key.usecase';
import { ListApiKeysUseCase } from './usecases/list-api-keys/list-api-keys.usecase';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key/revoke-api-key.usecase';

/** A tenant's own keys: list, add (to rotate), revoke. */
@ApiTags('api-keys')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiRateLimited()
@Controller('v1/api-keys')
@UseGuards(TenantKeyGuard)
export class ApiKeysController {
  constructor(
    private readonly listApiKeys: ListApiKeysUseCase,
    private readonly issueApiKey: IssueApiKeyUseCase,
    private readonly revokeApiKey: RevokeApiKeyUseCase,
  ) {}

  @Get()
  @ApiOkResponse({ type: ApiKeyPageResponseDto })
  list(@CurrentTenant() tenantId: string, @Query() query: PageQueryDto): Promise<ApiKeyPageResponseDto> {
    return this.listApiKeys.execute(tenantId, query);
  }

  @Post()
  @ApiOperation({ summary: 'Create another API key (shown once)' })
  @ApiCountQuota('apiKeys (unrevoked keys)')
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  create(
    @CurrentTenant() tenantId: string,
    @Body() body: CreateApiKeyRequestDto,
  ): Promise<CreatedApiKeyResponseDto> {
    return this.issueApiKey.execute(tenantId, body.name);
  }

  @Delete(':keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key (this one included); refused from this moment on' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such key for this tenant' })
  revoke(@CurrentTenant() tenantId: string, @Param('keyId') keyId: string): Promise<void> {
    return this.revokeApiKey.execute(tenantId, keyId);
  }
}
