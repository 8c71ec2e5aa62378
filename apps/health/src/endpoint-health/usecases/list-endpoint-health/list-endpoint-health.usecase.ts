import { Injectable } from '@nestjs/common';
import { badRequest } from '@hookline/http';
import { HealthStore } from '../../../database/health-store';
import { decodeListCursor, encodeListCursor } from '../../domain/list-cursor';
import {
  toEndpointHealthSummary,
  type EndpointHealthListResponseDto,
} from '../../dto/endpoint-health.response.dto';
import type { ListEndpointHealthRequestDto } from '../../dto/list-endpoint-health.request.dto';

const DEFAULT_LIMIT = 50;

/** A tenant's endpoints, optionally of one state, by `lastSuccessAt` then id, a keyset page at a time. */
@Injectable()
export class ListEndpointHealthUseCase {
  constructor(private readonly store: HealthStore) {}

  async execute(
    tenantId: string,
    query: ListEndpointHealthRequestDto,
  ): Promise<EndpointHealthListResponseDto> {
    const order = query.order ?? 'asc';
    const state = query.state ?? null;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = query.cursor === undefined ? undefined : decodeListCursor(query.cursor);
    if (
      query.cursor !== undefined &&
      (cursor === undefined || cursor.order !== order || cursor.state !== state)
    ) {
      throw badRequest([{ field: 'cursor', message: 'is not a cursor of this list (same state and order)' }]);
    }
    const rows = await this.store.read.endpoints.listForTenant(tenantId, {
      state: query.state,
      order,
      after: cursor,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      data: page.map(toEndpointHealthSummary),
      nextCursor:
        rows.length > limit && last !== undefined
          ? encodeListCursor({ lastSuccessAt: last.lastSuccessAt, endpointId: last.endpointId, order, state })
          : null,
    };
  }
}
