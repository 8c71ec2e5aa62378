import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  contentBatchId,
  describeFieldErrors,
  parseJson,
  type FieldError,
  type Validated,
} from '@hookline/contracts';
import { ROOT_LOGGER } from '@hookline/observability';
import { PRODUCER_CONFIG, type ProducerConfig } from '../../../config/producer.config';
import { ProducerMetrics } from '../../../metrics/producer-metrics';
import { refusesReservedType } from '../../domain/event-policy';
import { parseSubmission } from '../../domain/parse-submission';
import { recordPositionId } from '../../domain/record-position-id';
import { tenantsOf, type Submission } from '../../domain/submission';
import { AcceptedEventsRepository } from '../../persistence/accepted-events.repository';
import { SubscriptionEventCatalog } from '../../subscription-event-catalog';
import { AcceptSubmissionUseCase } from '../accept-submission/accept-submission.usecase';
import type {
  ConsumeIngestRecordsCommand,
  ConsumeIngestRecordsResult,
  IngestRecord,
} from './consume-ingest-records.command';

interface Parsed {
  record: IngestRecord;
  submission: Validated<Submission>;
  malformed: boolean;
}

/**
 * Applies a fetched batch of ingest records in one Postgres transaction that also stores the partition's next
 * offset, so a redelivered batch changes nothing. This is the one place that decides each record's fate:
 * accepted (or duplicate), or dead-lettered with its reason. Anything else (Postgres or Kafka down) throws,
 * and the batch is fetched again.
 */
@Injectable()
export class ConsumeIngestRecordsUseCase {
  constructor(
    private readonly acceptSubmission: AcceptSubmissionUseCase,
    private readonly acceptedEvents: AcceptedEventsRepository,
    private readonly catalog: SubscriptionEventCatalog,
    private readonly metrics: ProducerMetrics,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async execute(command: ConsumeIngestRecordsCommand): Promise<ConsumeIngestRecordsResult> {
    const parsed = command.records.map((record) => this.parse(command, record));
    const tenants = parsed.flatMap((item) => (item.submission.ok ? tenantsOf(item.submission.value) : []));
    await this.catalog.awaitTenants([...new Set(tenants)]);
    return this.acceptedEvents.transaction(async (tx) => {
      const next = await tx.lockNextOffset(command.topic, command.partition);
      const fresh = parsed.filter((item) => BigInt(item.record.offset) >= next);
      const valid = fresh.filter((item) => item.submission.ok);
      const results = await this.acceptSubmission.executeAll(
        valid.map((item) => ({
          submission: (item.submission as { ok: true; value: Submission }).value,
          receivedAt: new Date(),
          path: 'kafka' as const,
          // Only the subscription service may write the notices topic (its own ACL): Hookline's reserved
          // types are accepted from there and refused, like over HTTP, from the upstream ingest topic.
          origin: command.topic === this.config.topics.operationalNotices ? 'hookline' : 'upstream',
          waitForTenants: false,
        })),
        tx,
      );
      const refused = new Map<Parsed, FieldError[]>();
      valid.forEach((item, index) => {
        const result = results[index];
        if (result?.outcome === 'rejected') refused.set(item, result.errors);
      });
      const deadLetters: Array<Promise<void>> = [];
      for (const item of fresh) {
        const errors = item.submission.ok ? refused.get(item) : this.shapeErrors(item);
        if (errors !== undefined) deadLetters.push(this.deadLetter(command, item, errors));
      }
      // Dead letters are acknowledged before the offset commits: a crash in between repeats them, never loses.
      await Promise.all(deadLetters);
      const { lastOffset } = command;
      const following = BigInt(lastOffset) + 1n;
      if (following > next) await tx.saveNextOffset(command.topic, command.partition, following);
      return { lastOffset, deadLettered: deadLetters.length };
    });
  }

  private parse(command: ConsumeIngestRecordsCommand, record: IngestRecord): Parsed {
    const json = parseJson(record.value);
    if (!json.ok) return { record, submission: json, malformed: true };
    const position = (index?: number) =>
      recordPositionId(command.topic, command.partition, record.offset, index);
    const submission = parseSubmission(json.value, {
      maxBatchSubjects: this.config.ingest.maxBatchSubjects,
      batchIdFor: () => contentBatchId(position()),
      eventIdFor: (index) => position(index),
    });
    return { record, submission, malformed: false };
  }

  private shapeErrors(item: Parsed): FieldError[] | undefined {
    if (item.submission.ok) return undefined;
    this.metrics.recordRejected('kafka');
    return item.submission.errors;
  }

  private deadLetter(
    command: ConsumeIngestRecordsCommand,
    item: Parsed,
    errors: FieldError[],
  ): Promise<void> {
    this.metrics.recordDeadLettered(item.malformed ? 'malformed' : 'invalid');
    const submission = item.submission.ok ? item.submission.value : undefined;
    return command.deadLetter(item.record, describeFieldErrors(errors), {
      tenantId: submission === undefined ? undefined : tenantsOf(submission)[0],
      // One event names its id, so its trace can say it was dead-lettered; a batch has many.
      eventId: submission?.kind === 'events' && submission.single ? submission.events[0]?.id : undefined,
      reasonClass: refusesReservedType(errors) ? 'reserved-type' : 'invalid',
    });
  }
}
