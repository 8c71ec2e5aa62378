import type { ServiceDatabase } from '@hookline/database';
import { IngestedEventEntity } from '../ingest/persistence/ingested-event.entity';
import { CreateIngestTables1763900000000 } from './migrations/1763900000000-create-ingest-tables';
import { CreateIngestOffsets1764100000000 } from './migrations/1764100000000-create-ingest-offsets';
import { ProducerOutboxParked1764500000000 } from './migrations/1764500000000-outbox-parked';

export const producerDatabase: ServiceDatabase = {
  schema: 'producer',
  entities: [IngestedEventEntity],
  migrations: [
    CreateIngestTables1763900000000,
    CreateIngestOffsets1764100000000,
    ProducerOutboxParked1764500000000,
  ],
};
