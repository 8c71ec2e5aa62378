import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OperatorTokenGuard } from '../auth/operator-token.guard';
import { ApiCountQuota } from '../errors/api-refusals';
import { CreateApiKeyRequestDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';
import { CreateTenantRequestDto } from './dto/create-tenant.request.dto';
import { CreateTenantResponseDto } from './dto/create-tenant.response.dto';
import { TenantResponseDto } from './dto/tenant.response.dto';
import { CreateTenantUseCase } from './usecases/create-tenant/create-tenant.usecase';
import { GetTenantUseCase } from './usecases/get-tenant/get-tenant.usecase';
import { IssueApiKeyUseCase } from './usecases/issue-api-key/issue-api-key.usecase';
import { RevokeApiKeyUseCase } from './usecases/revoke-api-key/revoke-api-key.usecase';

/** Operator routes: tenants, and keys for a tenant that lost (or leaked) its own. */
@ApiTags('operator')
@ApiBearerAuth('operator-token')
@ApiUnauthorizedResponse({ description: 'Missing or wrong operator token' })
@Controller('v1/tenants')
@UseGuards(OperatorTokenGuard)
export class TenantsController {
  constructor(
    private readonly createTenant: CreateTenantUseCase,
    private readonly getTenant: GetTenantUseCase,
    private readonly issueApiKey: IssueApiKeyUseCase,
    private readonly revokeApiKey: RevokeApiKeyUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a tenant and its first API key (shown once)' })
  @ApiCreatedResponse({ type: CreateTenantResponseDto })
  @ApiConflictResponse({ description: 'A tenant with this id exists' })
  create(@Body() body: CreateTenantRequestDto): Promise<CreateTenantResponseDto> {
    return this.createTenant.execute(body);
  }

  @Get(':tenantId')
  @ApiOkResponse({ type: TenantResponseDto })
  @ApiNotFoundResponse()
  get(@Param('tenantId') tenantId: string): Promise<TenantResponseDto> {
    return this.getTenant.execute(tenantId);
  }

  @Post(':tenantId/api-keys')
  @ApiOperation({ summary: 'Issue an API key for the tenant (shown once)' })
  @ApiCountQuota('apiKeys (unrevoked keys)')
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiNotFoundResponse()
  issueKey(
    @Param('tenantId') tenantId: string,
    @Body() body: CreateApiKeyRequestDto,
  ): Promise<CreatedApiKeyResponseDto> {
    return this.issueApiKey.execute(tenantId, body.name);
  }

  @Delete(':tenantId/api-keys/:keyId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key of the tenant; refused from this moment on' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  revokeKey(@Param('tenantId') tenantId: string, @Param('keyId') keyId: string): Promise<void> {
    return this.revokeApiKey.execute(tenantId, keyId);
  }
}
