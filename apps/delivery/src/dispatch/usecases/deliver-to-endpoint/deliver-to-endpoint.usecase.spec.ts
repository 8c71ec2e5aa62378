import pino from 'pino';
import type { DeliveryOutcome, EndpointRecord } from '@hookline/contracts';
import type { SubscriptionReplica } from '@hookline/subscription-state';
import { loadDeliveryConfig } from '../../../config/delivery.config';
import { DeliveryMetrics } from '../../../metrics/delivery-metrics';
import type { AttemptResult } from '../../domain/attempt-result';
import type { DeliveryTask } from '../../domain/delivery-task';
import { FanOutLimit } from '../../fan-out/fan-out-limit';
import { EndpointGates } from '../../throttling/endpoint-gates';
import type { SentWebhook, WebhookSender, WebhookToSend } from '../../webhook-sender';
import { DeliverToEndpointUseCase } from './deliver-to-endpoint.usecase';

const config = loadDeliveryConfig({
  SECRET_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  DELIVERY_RETRY_SCHEDULE: '0,1s,2s',
  DELIVERY_RETRY_JITTER: '0',
  DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '2',
  DELIVERY_CIRCUIT_OPEN_MS: '1500',
  DELIVERY_ENDPOINT_CONCURRENCY: '1',
  DELIVERY_ENDPOINT_MAX_QUEUE_WAIT_MS: '0',
});

const endpoint = { id: 'ep_1', tenantId: 't1', rateLimitPerSecond: null } as EndpointRecord;

const task = (attempt = 1): DeliveryTask => ({
  event: {
    specversion: '1.0',
    id: 'evt_1',
    source: '/s',
    type: 'customer.created',
    subject: 'c1',
    time: '2026-11-23T10:00:00.000Z',
    tenantid: 't1',
    datacontenttype: 'application/json',
    data: {},
  },
  endpointId: 'ep_1',
  webhookId: 'msg_1',
  attempt,
  trigger: 'event',
  dueAt: new Date().toISOString(),
  history: [],
});

/** A scripted receiver: the sender under the use case is a fake; the use case's decisions are real. */
class ScriptedSender {
  readonly sent: WebhookToSend[] = [];
  constructor(public script: AttemptResult[]) {}
  send(request: WebhookToSend): Promise<SentWebhook> {
    this.sent.push(request);
    const result = this.script.shift() ?? { kind: 'succeeded', statusCode: 200 };
    return Promise.resolve({ result, startedAt: new Date(), durationMs: 3, responseBody: 'ok' });
  }
}

const unavailable: AttemptResult = {
  kind: 'retryable',
  errorClass: 'http_status',
  statusCode: 503,
  message: '503',
};

function setUp(script: AttemptResult[] = [], settings = config) {
  const sender = new ScriptedSender(script);
  const replica = { onEndpointChange: () => undefined } as unknown as SubscriptionReplica;
  const useCase = new DeliverToEndpointUseCase(
    new EndpointGates(settings, replica),
    sender as unknown as WebhookSender,
    new FanOutLimit(settings),
    new DeliveryMetrics(),
    settings,
    pino({ level: 'silent' }),
  );
  return { sender, useCase };
}

/** Makes the sender hold each request until the test releases it. */
function holdRequests(sender: ScriptedSender): Array<() => void> {
  const releases: Array<() => void> = [];
  sender.send = (request) => {
    sender.sent.push(request);
    return new Promise((resolve) => {
      releases.push(() =>
        resolve({
          result: { kind: 'succeeded', statusCode: 200 },
          startedAt: new Date(),
          durationMs: 1,
          responseBody: '',
        }),
      );
    });
  };
  return releases;
}

const parse = (value: string | null) => JSON.parse(String(value)) as DeliveryOutcome & DeliveryTask;

describe('DeliverToEndpointUseCase', () => {
  it('publishes just the outcome of a successful attempt', async () => {
    const { useCase, sender } = setUp();
    const step = await useCase.execute({ task: task(), endpoint });
    expect(step.status).toBe('delivered');
    expect(step.records.map((record) => record.topic)).toEqual([config.topics.deliveryOutcomes]);
    expect(sender.sent[0]).toMatchObject({ webhookId: 'msg_1' });
  });

  it("stamps the outcome with when its attempt became due (the bench's delivery hop)", async () => {
    const { useCase } = setUp();
    const due = task();
    const step = await useCase.execute({ task: due, endpoint });
    expect(Number(step.records[0].headers?.['hookline-due-at'])).toBe(Date.parse(due.dueAt));
  });

  it('schedules a failed attempt on its tier with the next attempt number and the attempt in its history', async () => {
    const { useCase } = setUp([unavailable]);
    const step = await useCase.execute({ task: task(), endpoint });
    expect(step.status).toBe('retry_scheduled');
    const [outcome, retry] = step.records;
    expect(parse(outcome.value)).toMatchObject({ attempt: 1, result: 'failed', exhausted: false });
    expect(retry.topic).toBe(config.topics.retry('1s'));
    expect(retry.key).toBe('ep_1');
    const next = parse(retry.value);
    expect(next).toMatchObject({
      attempt: 2,
      webhookId: 'msg_1',
      history: [{ attempt: 1, statusCode: 503 }],
    });
    expect(Number(retry.headers?.['hookline-due-at'])).toBe(Date.parse(next.dueAt));
  });

  it('dead-letters after the last attempt of the schedule', async () => {
    const { useCase } = setUp([unavailable]);
    const step = await useCase.execute({ task: task(3), endpoint });
    expect(step.status).toBe('dead_lettered');
    const [outcome, dead] = step.records;
    expect(parse(outcome.value)).toMatchObject({ attempt: 3, exhausted: true, nextAttemptAt: null });
    expect(dead.topic).toBe(config.topics.deliveriesDeadLetter);
    expect(parse(dead.value).deadLetter?.reason).toBe('retries exhausted after 3 attempts');
  });

  it('sends nothing while the circuit is open: an outcome says so and the work waits for the next probe', async () => {
    const { useCase, sender } = setUp([unavailable, unavailable]);
    await useCase.execute({ task: task(), endpoint });
    await useCase.execute({ task: task(), endpoint });
    const step = await useCase.execute({ task: task(), endpoint });
    expect(sender.sent).toHaveLength(2);
    const [outcome, retry] = step.records;
    expect(parse(outcome.value)).toMatchObject({
      errorClass: 'circuit_open',
      statusCode: null,
      durationMs: 0,
    });
    // The schedule says 1 s; the circuit's next probe is 1.5 s away, so it waits for that (on the 2 s tier).
    expect(Date.parse(parse(retry.value).dueAt) - Date.now()).toBeGreaterThan(1_300);
    expect(retry.topic).toBe(config.topics.retry('2s'));
  });

  it('postpones without an attempt when the endpoint is saturated', async () => {
    const { useCase, sender } = setUp();
    const releases = holdRequests(sender);
    const release = () => releases.forEach((releaseOne) => releaseOne());
    const busy = useCase.execute({ task: task(), endpoint });
    await new Promise((resolve) => setImmediate(resolve));
    const step = await useCase.execute({ task: task(), endpoint });
    expect(step.status).toBe('postponed');
    expect(step.records).toHaveLength(1);
    expect(parse(step.records[0].value)).toMatchObject({ attempt: 1, history: [] });
    release();
    expect((await busy).status).toBe('delivered');
  });

  it('holds attempts across endpoints to the global cap: one more waits for a slot, then goes', async () => {
    const capped = { ...config, globalConcurrency: { limit: 2, maxQueueWaitMs: 10_000 } };
    const { useCase, sender } = setUp([], capped);
    const releases = holdRequests(sender);
    const endpoints = ['ep_a', 'ep_b', 'ep_c'].map((id) => ({ ...endpoint, id }));
    const steps = endpoints.map((target) => useCase.execute({ task: task(), endpoint: target }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(sender.sent).toHaveLength(2);
    releases[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sender.sent).toHaveLength(3);
    releases[1]();
    releases[2]();
    expect((await Promise.all(steps)).map((step) => step.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
    ]);
  });

  it('postpones, without an attempt, work that found no slot under the global cap within the wait', async () => {
    const capped = { ...config, globalConcurrency: { limit: 1, maxQueueWaitMs: 0 } };
    const { useCase, sender } = setUp([], capped);
    const releases = holdRequests(sender);
    const busy = useCase.execute({ task: task(), endpoint: { ...endpoint, id: 'ep_a' } });
    await new Promise((resolve) => setImmediate(resolve));
    const step = await useCase.execute({ task: task(), endpoint: { ...endpoint, id: 'ep_b' } });
    expect(step.status).toBe('postponed');
    expect(sender.sent).toHaveLength(1);
    expect(parse(step.records[0].value)).toMatchObject({ attempt: 1, history: [] });
    releases[0]();
    expect((await busy).status).toBe('delivered');
  });
});
