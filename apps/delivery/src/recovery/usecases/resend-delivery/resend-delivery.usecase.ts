import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { parseJson, validateHooklineEvent, type HooklineEvent } from '@hookline/contracts';
import { quotaRefusal, RefusalException } from '@hookline/http';
import { readRecordAt } from '@hookline/kafka';
import { AttemptsRepository } from '../../../attempt-log/persistence/attempts.repository';
import { DeadLettersRepository } from '../../../attempt-log/persistence/dead-letters.repository';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../../config/delivery.config';
import { QuotaWindowsRepository } from '../../../quotas/persistence/quota-windows.repository';
import { TenantQuotaLimits } from '../../../quotas/tenant-quota-limits';
import { newRoundTask } from '../../domain/delivery-tasks';
import type { ResendResponseDto } from '../../dto/resend.response.dto';
import { ImmediateLane } from '../../immediate-lane';
import type { ResendDeliveryCommand } from './resend-delivery.command';

interface FoundEvent {
  event: HooklineEvent;
  position?: { partition: number; offset: string };
}

/**
 * Sends one event to one endpoint again, now, with the same webhook-id. The event is read back from
 * `hookline.events.v1` at the position its attempts recorded (or taken from its dead letter).
 */
@Injectable()
export class ResendDeliveryUseCase {
  constructor(
    private readonly lane: ImmediateLane,
    private readonly attempts: AttemptsRepository,
    private readonly deadLetters: DeadLettersRepository,
    @Inject(Kafka) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    private readonly quotas: TenantQuotaLimits,
    private readonly quotaWindows: QuotaWindowsRepository,
  ) {}

  async execute({ tenantId, eventId, endpointId }: ResendDeliveryCommand): Promise<ResendResponseDto> {
    this.lane.deliverableEndpoint(tenantId, endpointId);
    await this.countResend(tenantId);
    const found =
      (await this.fromEventsTopic(tenantId, eventId, endpointId)) ??
      (await this.fromDeadLetter(tenantId, eventId, endpointId));
    if (found === undefined) {
      throw new NotFoundException(
        `no delivery of event ${eventId} to endpoint ${endpointId} is on record (or the event is past retention)`,
      );
    }
    const task = newRoundTask(found.event, endpointId, 'resend', new Date(), found.position);
    await this.lane.enqueue([task]);
    return { eventId, endpointId, webhookId: task.webhookId, status: 'queued' };
  }

  /**
   * Every resend request counts against the tenant's resends per minute, found or not: the lookup itself
   * reads Kafka, which is what the quota protects.
   */
  private async countResend(tenantId: string): Promise<void> {
    const now = new Date();
    const limit = this.quotas.limit(tenantId, 'resendsPerMinute');
    const refused = await this.quotaWindows.take(tenantId, 'resendsPerMinute', limit, now);
    if (refused !== undefined) throw new RefusalException(quotaRefusal(refused, now));
  }

  private async fromEventsTopic(
    tenantId: string,
    eventId: string,
    endpointId: string,
  ): Promise<FoundEvent | undefined> {
    const attempt = await this.attempts.latestWithEventPosition(tenantId, eventId, endpointId);
    if (attempt?.eventPartition == null || attempt.eventOffset === null) return undefined;
    const position = { partition: attempt.eventPartition, offset: attempt.eventOffset };
    const record = await readRecordAt(
      this.kafka,
      this.config.topics.events,
      position.partition,
      position.offset,
      this.config.groupPrefix,
    );
    const json = parseJson(record?.value);
    const event = json.ok ? validateHooklineEvent(json.value) : json;
    // The position came from our own log; the checks guard against a recreated topic.
    if (!event.ok || event.value.id !== eventId || event.value.tenantid !== tenantId) return undefined;
    return { event: event.value, position };
  }

  private async fromDeadLetter(
    tenantId: string,
    eventId: string,
    endpointId: string,
  ): Promise<FoundEvent | undefined> {
    const deadLetter = await this.deadLetters.latestForDelivery(tenantId, eventId, endpointId);
    return deadLetter === null
      ? undefined
      : { event: deadLetter.task.event, position: deadLetter.task.eventPosition };
  }
}
