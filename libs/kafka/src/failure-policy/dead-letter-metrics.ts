import { Counter, register, type Registry } from 'prom-client';
import type { FailureClass } from './classify-failure';

const DEAD_LETTERS_METRIC = 'hookline_consumer_dead_letters_total';

export type DeadLetterCounter = Counter<'consumer' | 'topic' | 'reason_class'>;

/**
 * `hookline_consumer_dead_letters_total{consumer,topic,reason_class}`: every record a consumer dead-lettered,
 * by the stream it came from and why (`invalid` at once, `handler` after its retries, `reserved-type`).
 */
export function deadLetterCounter(registry: Registry = register): DeadLetterCounter {
  const existing = registry.getSingleMetric(DEAD_LETTERS_METRIC);
  if (existing !== undefined) return existing as DeadLetterCounter;
  return new Counter({
    name: DEAD_LETTERS_METRIC,
    help: 'Records a consumer dead-lettered, by consumer, source topic and reason class (invalid, handler, reserved-type)',
    labelNames: ['consumer', 'topic', 'reason_class'],
    registers: [registry],
  });
}

export type DeadLetterReasonClass = Exclude<FailureClass, 'infrastructure'> | 'reserved-type';
