import { Inject, Injectable } from '@nestjs/common';
import type { FieldError, HooklineEvent } from '@hookline/contracts';
import { PRODUCER_CONFIG, type ProducerConfig } from '../../../config/producer.config';
import { ProducerMetrics } from '../../../metrics/producer-metrics';
import { checkSubmission } from '../../domain/check-submission';
import { DataSchemaCache } from '../../domain/event-policy';
import { canonicalEvent, expandBatch } from '../../domain/expand-submission';
import { tenantsOf, type BatchSubmission, type Submission } from '../../domain/submission';
import {
  AcceptedEventsRepository,
  type IngestTransaction,
} from '../../persistence/accepted-events.repository';
import { SubscriptionEventCatalog } from '../../subscription-event-catalog';
import type { AcceptSubmissionCommand, AcceptSubmissionResult } from './accept-submission.command';
import { EventGroupCommit } from './event-group-commit';

const GROUP_COMMIT_MAX_EVENTS = 5_000;
const GROUP_COMMIT_IN_FLIGHT = 4;

/**
 * The one way in for events, whichever path they came by: the tenant's rules are checked for the whole
 * submission first, then it is recorded (dedupe keys + outbox rows) in one transaction, so a submission is
 * accepted entirely or not at all.
 */
@Injectable()
export class AcceptSubmissionUseCase {
  private readonly schemas = new DataSchemaCache();
  private readonly groupCommit: EventGroupCommit;

  constructor(
    private readonly acceptedEvents: AcceptedEventsRepository,
    private readonly catalog: SubscriptionEventCatalog,
    private readonly metrics: ProducerMetrics,
    @Inject(PRODUCER_CONFIG) private readonly config: ProducerConfig,
  ) {
    this.groupCommit = new EventGroupCommit(
      (events, traces) => this.acceptedEvents.transaction((tx) => tx.recordEach(events, traces)),
      GROUP_COMMIT_MAX_EVENTS,
      GROUP_COMMIT_IN_FLIGHT,
      config.ingest.maxQueuedEvents,
    );
  }

  /** HTTP: one submission; concurrent event submissions share transactions (group commit). */
  async execute(command: AcceptSubmissionCommand): Promise<AcceptSubmissionResult> {
    const { submission } = command;
    if (command.waitForTenants) await this.catalog.awaitTenants(tenantsOf(submission));
    const errors = this.check(command);
    if (errors.length > 0) return { outcome: 'rejected', errors };
    if (submission.kind === 'batch') {
      return this.acceptedEvents.transaction((tx) => this.recordBatch(tx, submission, command));
    }
    const events = submission.events.map((event) => canonicalEvent(event, command.receivedAt));
    return this.answerEvents(command, events, await this.groupCommit.record(events));
  }

  /**
   * Kafka: the submissions of a fetched batch of records, inside the caller's transaction. The events of all
   * valid submissions are written together, in chunks, in record order.
   */
  async executeAll(
    commands: AcceptSubmissionCommand[],
    tx: IngestTransaction,
  ): Promise<AcceptSubmissionResult[]> {
    const results: AcceptSubmissionResult[] = [];
    const pending: Array<{ index: number; events: HooklineEvent[] }> = [];
    const flush = async () => {
      const accepted = await this.recordChunked(
        tx,
        pending.flatMap((item) => item.events),
      );
      let offset = 0;
      for (const { index, events } of pending.splice(0)) {
        results[index] = this.answerEvents(
          commands[index],
          events,
          accepted.slice(offset, offset + events.length),
        );
        offset += events.length;
      }
    };
    for (const [index, command] of commands.entries()) {
      const errors = this.check(command);
      const { submission } = command;
      if (errors.length > 0) results[index] = { outcome: 'rejected', errors };
      else if (submission.kind === 'events') {
        pending.push({
          index,
          events: submission.events.map((event) => canonicalEvent(event, command.receivedAt)),
        });
      } else {
        await flush(); // keeps record order around a batch operation
        results[index] = await this.recordBatch(tx, submission, command);
      }
    }
    await flush();
    return results;
  }

  private check(command: AcceptSubmissionCommand): FieldError[] {
    const errors = checkSubmission(
      {
        catalog: this.catalog,
        schemas: this.schemas,
        options: this.config.ingest,
        origin: command.origin,
      },
      command.submission,
    );
    if (errors.length > 0) this.metrics.recordRejected(command.path);
    return errors;
  }

  private async recordChunked(tx: IngestTransaction, events: HooklineEvent[]): Promise<boolean[]> {
    const accepted: boolean[] = [];
    for (let start = 0; start < events.length; start += this.config.ingest.chunkSize) {
      accepted.push(...(await tx.recordEach(events.slice(start, start + this.config.ingest.chunkSize))));
    }
    return accepted;
  }

  private answerEvents(
    command: AcceptSubmissionCommand,
    events: HooklineEvent[],
    accepted: boolean[],
  ): AcceptSubmissionResult {
    const fresh = accepted.filter(Boolean).length;
    this.metrics.recordAccepted(command.path, fresh, events.length - fresh);
    const single = (command.submission as Exclude<Submission, BatchSubmission>).single;
    const answered = events.map((event, index) => ({ id: event.id, duplicate: !accepted[index] }));
    return { outcome: 'accepted', kind: 'events', single, events: answered };
  }

  private async recordBatch(
    tx: IngestTransaction,
    submission: BatchSubmission,
    command: AcceptSubmissionCommand,
  ): Promise<AcceptSubmissionResult> {
    let accepted = 0;
    let duplicates = 0;
    for (const chunk of expandBatch(submission, command.receivedAt, this.config.ingest.chunkSize)) {
      const fresh = (await tx.recordEach(chunk)).filter(Boolean).length;
      accepted += fresh;
      duplicates += chunk.length - fresh;
    }
    this.metrics.recordAccepted(command.path, accepted, duplicates);
    this.metrics.recordExpanded(submission.batchSize);
    const { batchId, batchSize } = submission;
    return { outcome: 'accepted', kind: 'batch', batchId, batchSize, accepted, duplicates };
  }
}
