import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ENDPOINT_STATES, type EndpointState } from '../../projection/domain/endpoint-health-state';

/** `GET /v1/endpoints/health?state=failing&order=asc&limit=50&cursor=…` */
export class ListEndpointHealthRequestDto {
  @IsOptional()
  @IsIn(ENDPOINT_STATES)
  state?: EndpointState;

  /** By `lastSuccessAt`: `asc` (default) puts endpoints that never succeeded, then the longest silent, first. */
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
