import type { ServiceDatabase } from '@hookline/database';
import { AttemptEntity } from '../attempt-log/persistence/attempt.entity';
import { DeadLetterEntity } from '../attempt-log/persistence/dead-letter.entity';
import { ReplayEntity } from '../recovery/persistence/replay.entity';
import { CreateDeliveryTables1764100000000 } from './migrations/1764100000000-create-delivery-tables';
import { QuotaWindows1764400000001 } from './migrations/1764400000001-quota-windows';
import { ReplayLeases1764500000100 } from './migrations/1764500000100-replay-leases';

export const deliveryDatabase: ServiceDatabase = {
  schema: 'delivery',
  entities: [AttemptEntity, DeadLetterEntity, ReplayEntity],
  migrations: [CreateDeliveryTables1764100000000, QuotaWindows1764400000001, ReplayLeases1764500000100],
};
