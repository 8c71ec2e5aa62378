import type { ServiceDatabase } from '@hookline/database';
import { AppliedOffsetEntity } from '../projection/persistence/applied-offset.entity';
import { EndpointHealthEntity } from '../projection/persistence/endpoint-health.entity';
import { CreateHealthTables1763900000000 } from './migrations/1763900000000-create-health-tables';
import { HealthWindowsTraceDecisions1764000000000 } from './migrations/1764000000000-health-windows-trace-decisions';
import { AttemptTrigger1764000000001 } from './migrations/1764000000001-attempt-trigger';
import { HealthOutboxParked1764500000000 } from './migrations/1764500000000-outbox-parked';
import { EventRoutesSkippedOmitted1764500000001 } from './migrations/1764500000001-event-routes-skipped-omitted';
import { EventDeadLetters1764600000000 } from './migrations/1764600000000-event-dead-letters';

export const healthDatabase: ServiceDatabase = {
  schema: 'health',
  entities: [EndpointHealthEntity, AppliedOffsetEntity],
  migrations: [
    CreateHealthTables1763900000000,
    HealthWindowsTraceDecisions1764000000000,
    AttemptTrigger1764000000001,
    HealthOutboxParked1764500000000,
    EventRoutesSkippedOmitted1764500000001,
    EventDeadLetters1764600000000,
  ],
};
