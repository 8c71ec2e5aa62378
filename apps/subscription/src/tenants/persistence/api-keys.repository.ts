import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { toPage, type Page } from '../../pagination/domain/page-cursor';
import type { PageRequest } from '../../pagination/page-request';
import { ApiKeyEntity } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  /**
   * The tenant owning an unrevoked key with this hash. Lookup by hash is the whole point of hashing; read from
   * this service's own table on every request, so a revoked key is refused from the moment it is revoked.
   */
  async findActiveTenantId(keyHash: string): Promise<string | undefined> {
    const key = await this.keys.findOne({ where: { keyHash, revokedAt: IsNull() }, select: ['tenantId'] });
    return key?.tenantId;
  }

  async page(tenantId: string, request: PageRequest): Promise<Page<ApiKeyEntity>> {
    const query = this.keys
      .createQueryBuilder('k')
      .where('k.tenant_id = :tenantId', { tenantId })
      .orderBy('k.created_at', 'ASC')
      .addOrderBy('k.id', 'ASC')
      .limit(request.limit + 1);
    if (request.after !== undefined) {
      query.andWhere('(k.created_at, k.id) > (:afterAt, :afterId)', {
        afterAt: request.after.createdAt,
        afterId: request.after.id,
      });
    }
    return toPage(await query.getMany(), request.limit, (row) => ({ createdAt: row.createdAt, id: row.id }));
  }

  listAll(tenantId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
