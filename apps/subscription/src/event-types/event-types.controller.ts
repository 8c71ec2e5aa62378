import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import {
  ListEventTypesQueryDto,
  RegisterEventTypeRequestDto,
  UpdateEventTypeRequestDto,
} from './dto/event-type.request.dto';
import { EventTypeCatalogueResponseDto, EventTypeResponseDto } from './dto/event-type.response.dto';
import { GetEventTypeUseCase } from './usecases/get-event-type/get-event-type.usecase';
import { ListEventTypesUseCase } from './usecases/list-event-types/list-event-types.usecase';
import { RegisterEventTypeUseCase } from './usecases/register-event-type/register-event-type.usecase';
import { UpdateEventTypeUseCase } from './usecases/update-event-type/update-event-type.usecase';

@ApiTags('event-types')
@ApiBearerAuth('tenant-key')
@ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked API key' })
@ApiRateLimited()
@Controller('v1/event-types')
@UseGuards(TenantKeyGuard)
export class EventTypesController {
  constructor(
    private readonly registerEventType: RegisterEventTypeUseCase,
    private readonly listEventTypes: ListEventTypesUseCase,
    private readonly getEventType: GetEventTypeUseCase,
    private readonly updateEventType: UpdateEventTypeUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register an event type, optionally with a JSON Schema for its data' })
  @ApiCreatedResponse({ type: EventTypeResponseDto })
  @ApiBadRequestResponse({ description: 'Field errors, including a schema that does not compile' })
  @ApiCountQuota('eventTypes', 'Already registered, or a built-in type (EVENT_TYPE_EXISTS); or ')
  register(
    @CurrentTenant() tenantId: string,
    @Body() body: RegisterEventTypeRequestDto,
  ): Promise<EventTypeResponseDto> {
    return this.registerEventType.execute({ tenantId, ...body });
  }

  @Get()
  @ApiOperation({ summary: 'The catalogue: lifecycle actions, built-in types and the tenant’s types' })
  @ApiOkResponse({ type: EventTypeCatalogueResponseDto })
  list(
    @CurrentTenant() tenantId: string,
    @Query() query: ListEventTypesQueryDto,
  ): Promise<EventTypeCatalogueResponseDto> {
    return this.listEventTypes.execute(tenantId, query);
  }

  @Get(':type')
  @ApiOkResponse({ type: EventTypeResponseDto })
  @ApiNotFoundResponse({ description: 'This tenant registered no such type' })
  get(@CurrentTenant() tenantId: string, @Param('type') type: string): Promise<EventTypeResponseDto> {
    return this.getEventType.execute(tenantId, type);
  }

  @Patch(':type')
  @ApiOkResponse({ type: EventTypeResponseDto })
  @ApiNotFoundResponse({ description: 'This tenant registered no such type' })
  update(
    @CurrentTenant() tenantId: string,
    @Param('type') type: string,
    @Body() body: UpdateEventTypeRequestDto,
  ): Promise<EventTypeResponseDto> {
    return this.updateEventType.execute({ tenantId, type, ...body });
  }

  @Delete(':type')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive the type (PATCH archived=false brings it back)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'This tenant registered no such type' })
  async archive(@CurrentTenant() tenantId: string, @Param('type') type: string): Promise<void> {
    await this.updateEventType.execute({ tenantId, type, archived: true });
  }
}
