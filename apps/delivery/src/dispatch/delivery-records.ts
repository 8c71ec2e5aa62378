import type { DeliveryOutcome, EventRoutingRecord, TopicNames } from '@hookline/contracts';
import type { OutgoingRecord } from '@hookline/kafka';
import type { DeliveryTask } from './domain/delivery-task';
import { tierName } from './domain/retry-schedule';

/** Header on retry-tier records: when the task is due (epoch ms), read without parsing the value. */
export const DUE_AT_HEADER = 'hookline-due-at';

/**
 * An attempt's outcome, keyed by endpoint. Its DUE_AT_HEADER says when the attempt became due: for an
 * event's first attempt, when delivery took the event from the events topic (the bench times that hop).
 */
export function outcomeRecord(topics: TopicNames, outcome: DeliveryOutcome, dueAt: string): OutgoingRecord {
  return {
    topic: topics.deliveryOutcomes,
    key: outcome.endpointId,
    value: JSON.stringify(outcome),
    headers: { [DUE_AT_HEADER]: String(Date.parse(dueAt)) },
  };
}

export function routingRecordOut(topics: TopicNames, record: EventRoutingRecord): OutgoingRecord {
  return {
    topic: topics.eventRouting,
    key: `${record.tenantId}:${record.eventId}`,
    value: JSON.stringify(record),
  };
}

/** Keyed by endpoint, so one endpoint's retries share a partition (and its hold). */
export function retryRecord(topics: TopicNames, tierMs: number, task: DeliveryTask): OutgoingRecord {
  return {
    topic: topics.retry(tierName(tierMs)),
    key: task.endpointId,
    value: JSON.stringify(task),
    headers: { [DUE_AT_HEADER]: String(Date.parse(task.dueAt)) },
  };
}

export function deadLetterRecord(topics: TopicNames, task: DeliveryTask): OutgoingRecord {
  return {
    topic: topics.deliveriesDeadLetter,
    key: task.endpointId,
    value: JSON.stringify(task),
    headers: {
      'hookline-dlq-reason': (task.deadLetter?.reason ?? 'unknown').slice(0, 2_000),
      'hookline-dlq-kind': 'delivery',
      'hookline-dlq-at': task.deadLetter?.at ?? new Date().toISOString(),
    },
  };
}
