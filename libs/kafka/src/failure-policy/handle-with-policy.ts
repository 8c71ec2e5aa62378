import type { KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { classifyFailure, type DeadLetterIds, type FailureClass } from './classify-failure';
import type { DeadLetterSink } from './dead-letter-sink';
import { backoffDelayMs, nextStep, type ConsumerFailurePolicy } from './retry-backoff';

export interface PolicyContext {
  policy: ConsumerFailurePolicy;
  deadLetters: DeadLetterSink;
  logger: Logger;
  /** False once the consumer stops or loses the partition: retrying ends and the record is left uncommitted. */
  shouldContinue: () => boolean;
  /** Called while waiting between attempts (a batch consumer heartbeats so its session stays alive). */
  whileWaiting?: () => Promise<void>;
}

export type PolicyOutcome = 'handled' | 'dead-lettered' | 'abandoned';

/** Where a record came from, for the dead letter and the log lines. */
export interface RecordSource {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/**
 * Runs `attempt` for one record under the failure policy: an invalid record is dead-lettered at once, a
 * handler failure is retried with backoff up to the policy's bound and then dead-lettered with its error,
 * and an infrastructure outage is retried for as long as it lasts. Resolves `abandoned` (nothing
 * dead-lettered, nothing to commit) when the consumer stops or the partition is revoked meanwhile.
 */
export async function handleWithPolicy(
  source: RecordSource,
  attempt: () => Promise<void>,
  context: PolicyContext,
): Promise<PolicyOutcome> {
  for (let failures = 1; ; failures++) {
    let error: unknown;
    try {
      await attempt();
      return 'handled';
    } catch (caught) {
      error = caught;
    }
    const failureClass = classifyFailure(error);
    const step = nextStep(context.policy, failureClass, failures);
    logFailure(context.logger, source, error, failureClass, failures, step.action);
    if (!context.shouldContinue()) return 'abandoned';
    if (step.action === 'dead-letter') {
      const reason = failureClass === 'invalid' ? messageOf(error) : `handler failed: ${messageOf(error)}`;
      const sent = await sendUntilDone(context, {
        source,
        reason: failureClass === 'invalid' ? reason : `${reason} (after ${failures} attempts)`,
        reasonClass: failureClass === 'invalid' ? 'invalid' : 'handler',
        ids: idsOf(error),
      });
      return sent ? 'dead-lettered' : 'abandoned';
    }
    if (!(await waitUnlessStopped(context, step.delayMs))) return 'abandoned';
  }
}

/** Publishes a dead letter, retrying while Kafka is away; false when the consumer stopped first. */
export async function sendUntilDone(
  context: PolicyContext,
  deadLetter: Parameters<DeadLetterSink['send']>[0],
): Promise<boolean> {
  for (let failures = 1; ; failures++) {
    try {
      await context.deadLetters.send(deadLetter);
      return true;
    } catch (error) {
      context.logger.error(
        {
          err: error,
          topic: deadLetter.source.topic,
          partition: deadLetter.source.partition,
          offset: deadLetter.source.message.offset,
          deadLetterTopic: context.deadLetters.topic,
          failures,
        },
        'publishing a dead letter failed; trying again',
      );
      if (!context.shouldContinue()) return false;
      if (!(await waitUnlessStopped(context, backoffDelayMs(context.policy, failures)))) return false;
    }
  }
}

/** Waits `ms` in short steps (heartbeating), so a stop or revoke is noticed within a second. */
async function waitUnlessStopped(context: PolicyContext, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, until - Date.now())));
    if (!context.shouldContinue()) return false;
    await context.whileWaiting?.();
  }
  return context.shouldContinue();
}

function logFailure(
  logger: Logger,
  source: RecordSource,
  error: unknown,
  failureClass: FailureClass,
  failures: number,
  action: string,
): void {
  const fields = {
    err: error,
    topic: source.topic,
    partition: source.partition,
    offset: source.message.offset,
    key: source.message.key?.toString(),
    failureClass,
    failures,
    next: action,
  };
  if (failureClass === 'invalid') return; // the dead letter's own log line says it all
  logger.error(
    fields,
    failureClass === 'infrastructure'
      ? 'record handling failed: infrastructure unavailable; retrying until it is back'
      : 'record handling failed',
  );
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message !== '' ? error.message : error.name;
  return String(error);
}

function idsOf(error: unknown): DeadLetterIds | undefined {
  return typeof error === 'object' && error !== null && 'ids' in error
    ? (error as { ids: DeadLetterIds }).ids
    : undefined;
}
