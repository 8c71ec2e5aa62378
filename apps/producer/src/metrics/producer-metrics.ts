import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, register } from 'prom-client';
import { OutboxRelayService } from '@hookline/outbox';

export type IngestPath = 'http' | 'kafka';

function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

/** The producer's Prometheus metrics on /metrics (prom-client's default registry). */
@Injectable()
export class ProducerMetrics {
  private readonly accepted = counter(
    'hookline_producer_events_accepted_total',
    'Events accepted (recorded for publishing), by ingest path',
    ['path'],
  );
  private readonly duplicates = counter(
    'hookline_producer_events_duplicate_total',
    'Events whose id was already accepted within the dedupe window, by ingest path',
    ['path'],
  );
  private readonly rejected = counter(
    'hookline_producer_submissions_rejected_total',
    'Submissions refused with field errors (HTTP 400 or ingest dead-letter), by ingest path',
    ['path'],
  );
  private readonly deadLettered = counter(
    'hookline_producer_ingest_dead_lettered_total',
    'Ingest-topic records sent to the ingest dead-letter topic, by cause',
    ['cause'],
  );
  private readonly batchSubjects = counter(
    'hookline_producer_batch_subjects_expanded_total',
    'Subjects of batch operations expanded into events',
    [],
  );

  constructor(@Inject(OutboxRelayService) relay: OutboxRelayService) {
    if (register.getSingleMetric('hookline_producer_outbox_backlog') === undefined) {
      new Gauge({
        name: 'hookline_producer_outbox_backlog',
        help: 'Outbox rows committed but not yet published to Kafka',
        async collect() {
          this.set(await relay.relay.backlog());
        },
      });
    }
  }

  recordAccepted(path: IngestPath, accepted: number, duplicates: number): void {
    if (accepted > 0) this.accepted.inc({ path }, accepted);
    if (duplicates > 0) this.duplicates.inc({ path }, duplicates);
  }

  recordRejected(path: IngestPath): void {
    this.rejected.inc({ path });
  }

  recordDeadLettered(cause: 'malformed' | 'invalid'): void {
    this.deadLettered.inc({ cause });
  }

  recordExpanded(subjects: number): void {
    this.batchSubjects.inc(subjects);
  }
}
