import { waitFor } from '@hookline/testing';
import { header, readTopicUntil } from '../../support/chaos-kafka';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

const PATTERN = '^(a|aa)+$';
/** Backtracking engines take seconds at 34 characters and ×1.6 per character more; this is 50,001. */
const HOSTILE = `${'a'.repeat(50_000)}b`;
const MAX_REQUESTS = 200;
/** Test events are real deliveries under a per-minute quota (30): a few show the path. */
const TEST_EVENTS = 3;
const INGEST_RECORDS = 3;
const MESSAGE = `must match pattern "${PATTERN}"`;

/**
 * A tenant registers a schema whose `pattern` backtracks catastrophically, then sends values built to
 * trigger it, in a loop, through every path that validates tenant schemas: `POST /v1/events` (producer),
 * the ingest topic (producer's consumer) and test events (subscription). Each must be refused for the
 * pattern, quickly (linear engine), while the healthy tenant's events flow through the same processes.
 */
export const hostileRedosSchema = hostileRow({
  abuse: 'ReDoS schema',
  refusal: `pattern ${PATTERN} accepted and run linear: 400 "data.name: ${MESSAGE}" on HTTP, dead letter with that reason on the ingest topic`,
  quick: true,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('redos');
    const registered = await chaos.call('subscription', 'POST', '/v1/event-types', abuser.apiKey, {
      type: 'redos.named',
      schema: { type: 'object', properties: { name: { type: 'string', pattern: PATTERN } } },
    });
    if (registered.status !== 201) throw new Error(`registering the schema answered ${registered.status}`);
    const endpoint = await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/redos'),
      eventTypes: ['redos.*'],
    });
    const event = (name: string) => ({
      type: 'redos.named',
      subject: 's',
      tenant: abuser.id,
      data: { name },
    });
    const publish = (name: string) =>
      rawRequest(`${chaos.url('producer')}/v1/events`, {
        headers: { authorization: `Bearer ${chaos.secrets.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(event(name)),
      });
    // The schema reaches the producer through the subscriptions topic.
    await waitFor(async () => (await publish('aab')).status === 400, {
      what: 'the producer to apply the registered schema',
      timeoutMs: 30_000,
    });
    const ingestKeys = Array.from({ length: INGEST_RECORDS }, (_, i) => `redos-${i}`);

    return {
      async run(healthyRunning) {
        const http: RawAnswer[] = [];
        const tests: RawAnswer[] = [];
        const upstream = chaos.kafka.kafka.producer();
        await upstream.connect();
        try {
          await upstream.send({
            topic: chaos.kafka.topics.ingest,
            messages: ingestKeys.map((key) => ({ key, value: JSON.stringify(event(HOSTILE)) })),
          });
        } finally {
          await upstream.disconnect();
        }
        for (let i = 0; i < MAX_REQUESTS && (i === 0 || healthyRunning()); i++) {
          http.push(await publish(HOSTILE));
          if (i < TEST_EVENTS)
            tests.push(
              await rawRequest(`${chaos.url('subscription')}/v1/endpoints/${endpoint.id}/test`, {
                headers: { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' },
                body: JSON.stringify({ eventType: 'redos.named', data: { name: HOSTILE } }),
              }),
            );
        }
        const exact = (answer: RawAnswer) =>
          answer.status === 400 &&
          JSON.stringify(answer.body.errors) === JSON.stringify([{ field: 'data.name', message: MESSAGE }]);
        const failures = [
          ...http
            .filter((a) => !exact(a))
            .slice(0, 1)
            .map((a) => `POST /v1/events answered ${describeAnswer(a)}`),
          ...tests
            .filter((a) => a.status !== 400)
            .slice(0, 1)
            .map((a) => `a test event answered ${describeAnswer(a)}`),
        ];
        const slowest = (answers: RawAnswer[]) => Math.round(Math.max(...answers.map((a) => a.ms)));
        return {
          got: [
            `POST /v1/events ${http.length}× ${describeAnswer(http[0])}`,
            `test event ${tests.length}× ${describeAnswer(tests[0])}`,
          ],
          failures,
          figures: {
            pattern_registered: registered.status,
            hostile_value_chars: HOSTILE.length,
            slowest_refusal_ms: `events ${slowest(http)}, test ${slowest(tests)}`,
          },
        };
      },
      async settle() {
        const dead = await readTopicUntil(
          chaos.kafka.kafka,
          chaos.kafka.topics.ingestDeadLetter,
          (messages) => ingestKeys.every((key) => messages.some((m) => m.key?.toString() === key)),
          { timeoutMs: 30_000, what: 'the hostile ingest records dead-lettered' },
        ).catch(() => []);
        const reasons = ingestKeys.map((key) => {
          const message = dead.find((m) => m.key?.toString() === key);
          return message === undefined ? undefined : header(message, 'hookline-dlq-reason');
        });
        const wrong = reasons.filter((reason) => reason === undefined || !reason.includes(MESSAGE));
        return {
          got: [`ingest topic ${reasons.length}× dead letter "${reasons[0] ?? 'missing'}"`],
          failures:
            wrong.length === 0 ? [] : [`ingest records dead-lettered with: ${JSON.stringify(reasons)}`],
        };
      },
    };
  },
});
