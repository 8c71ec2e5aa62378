import { Module } from '@nestjs/common';
import { ProducerMetrics } from '../metrics/producer-metrics';
import { DedupePurgeScheduler } from './dedupe-purge.scheduler';
import { IngestController } from './ingest.controller';
import { IngestConsumer } from './ingest.consumer';
import { IngestTokenGuard } from './ingest-token.guard';
import { AcceptedEventsRepository } from './persistence/accepted-events.repository';
import { SubscriptionEventCatalog } from './subscription-event-catalog';
import { AcceptSubmissionUseCase } from './usecases/accept-submission/accept-submission.usecase';
import { ConsumeIngestRecordsUseCase } from './usecases/consume-ingest-records/consume-ingest-records.usecase';
import { PurgeDedupeKeysUseCase } from './usecases/purge-dedupe-keys/purge-dedupe-keys.usecase';

@Module({
  controllers: [IngestController],
  providers: [
    AcceptSubmissionUseCase,
    ConsumeIngestRecordsUseCase,
    PurgeDedupeKeysUseCase,
    AcceptedEventsRepository,
    SubscriptionEventCatalog,
    ProducerMetrics,
    IngestTokenGuard,
    IngestConsumer,
    DedupePurgeScheduler,
  ],
})
export class IngestModule {}
