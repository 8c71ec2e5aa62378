import { waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { makeEvents } from '../../support/chaos-platform';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

/** 64 KiB records (the setting's floor): the routing record's endpoint cap is (64 − 16) KiB / 96 = 512. */
const MAX_MESSAGE_BYTES = 65_536;
const ENDPOINT_CAP = 512;
const QUOTA_OVERRIDE = 15_000;
const PARALLEL = 8;
const EVENTS = 5;

/**
 * A tenant whose operator raised its endpoint quota to 15,000 registers endpoints until it is refused (the
 * routing record of one of its events once listed every endpoint, so 15k of them outgrew Kafka's limit and
 * stopped an events partition). With records limited to 64 KiB the cap is 512, so the row reaches it in
 * minutes rather than the hours 15,000 would take at 1 MiB; the rule is the same. The endpoint past the cap
 * is a 409 naming it, whatever the quota; the tenant's events still route (the record lists 100 skipped
 * endpoints and counts the rest) and arrive. Not quick: 500 registrations.
 */
export const hostileManyEndpoints = hostileRow({
  abuse: '15k endpoints',
  refusal: `409 at the routing record's endpoint cap (${ENDPOINT_CAP} at ${MAX_MESSAGE_BYTES} bytes) despite a quota of ${QUOTA_OVERRIDE}; its events still delivered`,
  quick: false,
  timeoutMs: 12 * 60_000,
  platform: { extra: { KAFKA_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) } },
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('many');
    const override = await chaos.call(
      'subscription',
      'PATCH',
      `/v1/tenants/${abuser.id}/quotas`,
      chaos.secrets.operatorToken,
      { endpoints: QUOTA_OVERRIDE },
    );
    if (override.status !== 200) throw new Error(`the quota override answered ${override.status}`);
    const register = async (path: string, eventTypes: string[]): Promise<RawAnswer> => {
      for (;;) {
        const answer = await rawRequest(`${chaos.url('subscription')}/v1/endpoints`, {
          headers: { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.url(path), eventTypes }),
        });
        if (answer.status !== 429) return answer;
        await new Promise((resolve) =>
          setTimeout(resolve, 1_000 * Number(answer.headers['retry-after'] ?? 1)),
        );
      }
    };
    const first = await register('/many', ['many.*']);
    if (first.status !== 201) throw new Error(`the first endpoint answered ${describeAnswer(first)}`);
    let registered = 1;
    const accepted = new Set<string>();
    const arrived = () => new Set(receiver.succeeded('/many').map((receipt) => receipt.eventId));

    return {
      async run() {
        let refusal: RawAnswer | undefined;
        while (refusal === undefined && registered < QUOTA_OVERRIDE) {
          const answers = await Promise.all(
            Array.from({ length: PARALLEL }, () => register('/many-skipped', ['other.created'])),
          );
          registered += answers.filter((answer) => answer.status === 201).length;
          refusal = answers.find((answer) => answer.status !== 201);
        }
        const failures: string[] = [];
        if (refusal === undefined || refusal.status !== 409 || registered !== ENDPOINT_CAP)
          failures.push(
            `after ${registered} endpoints: ${refusal === undefined ? 'no refusal' : describeAnswer(refusal)}`,
          );
        return {
          got: [`endpoint #${registered + 1}: ${refusal === undefined ? '-' : describeAnswer(refusal)}`],
          failures,
          figures: { endpoints_registered: registered },
        };
      },
      async settle() {
        for (const id of await chaos.publish(
          makeEvents(abuser.id, 'many.created', EVENTS, `many_${shortId()}`),
        ))
          accepted.add(id);
        await waitFor(() => [...accepted].every((id) => arrived().has(id)), {
          what: "the many-endpoint tenant's events",
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...accepted].filter((id) => !delivered.has(id)).length;
        return {
          got: [],
          failures: [],
          lost,
          figures: { events_beside_511_skipped: `${accepted.size - lost}/${accepted.size}` },
        };
      },
    };
  },
});
