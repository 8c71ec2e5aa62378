import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { OutgoingRecord } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { inClientSpan } from '@hookline/tracing';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { DeliveryMetrics, type DeliveryStatus } from '../../../metrics/delivery-metrics';
import { deadLetterRecord, outcomeRecord, retryRecord } from '../../delivery-records';
import {
  attemptOutcome,
  deadLetteredTask,
  retriedTask,
  type AttemptRecord,
} from '../../domain/attempt-outcome';
import type { AttemptResult } from '../../domain/attempt-result';
import { attemptResultAttributes, attemptSpanAttributes } from '../../domain/attempt-span-attributes';
import type { DeliveryTask } from '../../domain/delivery-task';
import { deferral, nextStep } from '../../domain/next-step';
import { webhookBody } from '../../domain/webhook-body';
import { FanOutLimit } from '../../fan-out/fan-out-limit';
import type { Admission, AttemptHealth } from '../../throttling/endpoint-gate';
import { EndpointGates } from '../../throttling/endpoint-gates';
import { WebhookSender } from '../../webhook-sender';
import type { DeliverToEndpointCommand } from './deliver-to-endpoint.command';

export interface DeliveryStep {
  status: DeliveryStatus;
  /** What must be durable before the source offset is committed: outcome, retry task or dead letter. */
  records: OutgoingRecord[];
}

/**
 * One step of one delivery: through the endpoint's gate, one attempt (or none, when postponed), and the
 * records that say what happened next. The one place that decides delivered / retry / dead-letter.
 */
@Injectable()
export class DeliverToEndpointUseCase {
  private readonly logger: Logger;

  constructor(
    private readonly gates: EndpointGates,
    private readonly sender: WebhookSender,
    private readonly fanOut: FanOutLimit,
    private readonly metrics: DeliveryMetrics,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'deliver-to-endpoint' });
  }

  async execute({ task, endpoint, incomingTraceparent }: DeliverToEndpointCommand): Promise<DeliveryStep> {
    const admission = await this.gates.gateFor(endpoint).acquire();
    if (admission.kind === 'postponed') return this.postpone(task, admission);
    let attempt: AttemptRecord;
    if (admission.kind === 'circuit-open') attempt = circuitOpenAttempt();
    else {
      // The global cap comes after the endpoint's gate: a hanging endpoint holds at most its own concurrency
      // of the process's slots, while its further work waits (or is postponed) at its own gate.
      const slot = await this.fanOut.acquire();
      if (slot === undefined) {
        admission.release('neutral');
        // The same wait as any saturated postponement (EndpointGate), so the tier stays in due order.
        const retryInMs = Math.max(this.config.endpointLimits.maxQueueWaitMs, 100);
        return this.postpone(task, { kind: 'postponed', reason: 'saturated', retryInMs });
      }
      try {
        attempt = await inClientSpan(
          'POST webhook',
          () => attemptSpanAttributes(task, endpoint.url),
          () =>
            this.sender.send({
              endpoint,
              webhookId: task.webhookId,
              body: webhookBody(task.event),
              incomingTraceparent,
            }),
          (sent) => attemptResultAttributes(sent.result),
        );
      } finally {
        slot();
      }
      admission.release(attemptHealth(attempt.result));
    }
    return this.afterAttempt(task, attempt, admission);
  }

  private afterAttempt(task: DeliveryTask, attempt: AttemptRecord, admission: Admission): DeliveryStep {
    const now = new Date();
    const step = nextStep({
      result: attempt.result,
      attemptMade: task.attempt,
      policy: this.config.retry,
      tiers: this.config.retryTiers,
      now,
      notBefore: admission.kind === 'circuit-open' ? new Date(admission.retryAt) : undefined,
    });
    const outcome = attemptOutcome(task, attempt, step);
    this.metrics.recordAttempt(outcome.result, outcome.errorClass, outcome.durationMs);
    const records = [outcomeRecord(this.config.topics, outcome, task.dueAt)];
    if (outcome.result === 'failed') this.logFailure(task, attempt, step.kind);
    switch (step.kind) {
      case 'done':
        this.metrics.recordStep('delivered');
        return { status: 'delivered', records };
      case 'retry':
        this.metrics.recordStep('retry_scheduled');
        records.push(retryRecord(this.config.topics, step.tierMs, retriedTask(task, attempt, step.dueAt)));
        return { status: 'retry_scheduled', records };
      case 'dead-letter':
        this.metrics.recordStep('dead_lettered');
        records.push(deadLetterRecord(this.config.topics, deadLetteredTask(task, attempt, step.reason, now)));
        return { status: 'dead_lettered', records };
    }
  }

  /** No attempt was made (rate limit, saturation): the same attempt, later, on a retry tier. */
  private postpone(task: DeliveryTask, admission: Extract<Admission, { kind: 'postponed' }>): DeliveryStep {
    const now = new Date();
    const step = deferral(admission.retryInMs, this.config.retryTiers, this.config.retry.jitter, now);
    if (step.kind !== 'retry') throw new Error('a deferral is always a retry');
    this.metrics.recordStep('postponed');
    this.logger.debug(
      { ...ids(task), reason: admission.reason, dueAt: step.dueAt.toISOString() },
      'delivery postponed',
    );
    const postponed = { ...task, dueAt: step.dueAt.toISOString() };
    return { status: 'postponed', records: [retryRecord(this.config.topics, step.tierMs, postponed)] };
  }

  private logFailure(task: DeliveryTask, attempt: AttemptRecord, next: string): void {
    const { result } = attempt;
    if (result.kind === 'succeeded') return;
    this.logger.warn(
      {
        ...ids(task),
        statusCode: result.statusCode,
        errorClass: result.errorClass,
        next,
        ...(result.detail === undefined ? {} : { detail: result.detail }),
      },
      `delivery attempt failed: ${result.message}`,
    );
  }
}

function ids(task: DeliveryTask) {
  return {
    eventId: task.event.id,
    tenantId: task.event.tenantid,
    endpointId: task.endpointId,
    webhookId: task.webhookId,
    attempt: task.attempt,
    trigger: task.trigger,
  };
}

function circuitOpenAttempt(): AttemptRecord {
  const result: AttemptResult = {
    kind: 'retryable',
    errorClass: 'circuit_open',
    statusCode: null,
    message: 'circuit open: the endpoint kept failing, so no request was sent',
  };
  return { result, startedAt: new Date(), durationMs: 0, responseBody: null };
}

/** What an attempt says about the receiver being up, for its circuit breaker. */
function attemptHealth(result: AttemptResult): AttemptHealth {
  if (result.kind === 'succeeded') return 'healthy';
  if (result.kind === 'permanent') return result.statusCode === null ? 'neutral' : 'healthy';
  return result.errorClass === 'signing_failed' ? 'neutral' : 'failing';
}
