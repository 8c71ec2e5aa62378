import { readTopicUntil } from '../../support/chaos-kafka';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

/** An operator override, so the quota is reached in a few requests. */
const API_KEYS = 10;
const MIN_CYCLES = 25;
const MAX_CYCLES = 300;

/**
 * A tenant creates and revokes API keys in a loop while the healthy tenant publishes (the tenant record once
 * listed every key ever made, so about 8,000 of them outgrew Kafka's 1 MiB and stopped the subscription
 * outbox for every tenant), then creates live keys up to its quota. Revoked keys must leave the record: the
 * last tenant record on the subscriptions topic lists exactly the live keys; the key past the quota is a
 * 409 naming it; every outbox drains.
 */
export const hostileOversizeKeyList = hostileRow({
  abuse: 'oversize key list',
  refusal: `409 QUOTA_EXCEEDED apiKeys past ${API_KEYS} live keys; the tenant record lists the live keys only`,
  quick: true,
  async prepare({ chaos }) {
    const abuser = await chaos.createTenant('keys');
    const override = await chaos.call(
      'subscription',
      'PATCH',
      `/v1/tenants/${abuser.id}/quotas`,
      chaos.secrets.operatorToken,
      { apiKeys: API_KEYS },
    );
    if (override.status !== 200) throw new Error(`the quota override answered ${override.status}`);
    const headers = { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' };
    const keysUrl = `${chaos.url('subscription')}/v1/api-keys`;
    const create = () => rawRequest(keysUrl, { headers, body: JSON.stringify({ name: 'churn' }) });
    let cycles = 0;
    let live = 1;

    return {
      async run(healthyRunning) {
        const failures: string[] = [];
        for (; cycles < MAX_CYCLES && (cycles < MIN_CYCLES || healthyRunning()); cycles++) {
          const created = await create();
          if (created.status !== 201) {
            failures.push(`cycle ${cycles + 1}: creating a key answered ${describeAnswer(created)}`);
            break;
          }
          const revoked = await rawRequest(`${keysUrl}/${String(created.body.id)}`, {
            method: 'DELETE',
            headers,
          });
          if (revoked.status >= 300) {
            failures.push(`cycle ${cycles + 1}: revoking a key answered ${describeAnswer(revoked)}`);
            break;
          }
        }
        let refusal: RawAnswer | undefined;
        for (let i = 0; i < API_KEYS + 1 && refusal === undefined; i++) {
          const answer = await create();
          if (answer.status === 201) live++;
          else refusal = answer;
        }
        const quota = refusal?.body.quota as Record<string, unknown> | undefined;
        if (
          refusal === undefined ||
          refusal.status !== 409 ||
          refusal.body.code !== 'QUOTA_EXCEEDED' ||
          quota?.name !== 'apiKeys' ||
          live !== API_KEYS
        )
          failures.push(
            `after ${live} live keys: ${refusal === undefined ? 'no refusal' : describeAnswer(refusal)}`,
          );
        return {
          got: [`key #${live + 1}: ${refusal === undefined ? '-' : describeAnswer(refusal)}`],
          failures,
          figures: { keys_created_and_revoked: cycles, live_keys: live },
        };
      },
      async settle() {
        const key = `tenant:${abuser.id}`;
        const latest = (messages: Awaited<ReturnType<typeof readTopicUntil>>) =>
          messages.filter((message) => message.key?.toString() === key).at(-1);
        const keysIn = (value: Buffer | null | undefined) =>
          ((JSON.parse(value?.toString() ?? '{}') as { apiKeys?: unknown[] }).apiKeys ?? []).length;
        const records = await readTopicUntil(
          chaos.kafka.kafka,
          chaos.kafka.topics.subscriptions,
          (messages) => keysIn(latest(messages)?.value) === live,
          { timeoutMs: 30_000, what: `the tenant record with ${live} keys` },
        ).catch(() => []);
        const record = latest(records);
        const listed = keysIn(record?.value);
        return {
          got: [],
          failures:
            listed === live
              ? []
              : [`the tenant record lists ${listed} keys; ${live} are live (${cycles} were revoked)`],
          figures: { tenant_record: `${listed} keys, ${record?.value?.length ?? 0} bytes` },
        };
      },
    };
  },
});
