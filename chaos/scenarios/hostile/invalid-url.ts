import { waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { makeEvents } from '../../support/chaos-platform';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

const EVENTS = 10;
/** Paths a WHATWG URL parser accepts and an RFC 3986 `uri` check does not (a space, a `|`, a `^`). */
const PATHS = ['/invalid url', '/invalid|pipe', '/invalid^caret'];

/**
 * A tenant registers endpoint URLs that one URL rule accepts and another rejects, while the healthy tenant
 * publishes. The API and the replicas must agree: the URL is refused (400 on field `url`), or stored in a
 * form delivery applies too, so the endpoint's events arrive. Accepted and never delivered (the replica
 * skipping the endpoint quietly) counts as lost.
 */
export const hostileInvalidUrl = hostileRow({
  abuse: 'invalid URL',
  refusal: '400 on field url, or 201 with the URL normalised and every event delivered',
  quick: true,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('badurl');
    const registered: Array<{ path: string; answer: RawAnswer; type: string }> = [];
    const accepted = new Map<string, string>();
    const arrivedOn = (type: string) =>
      new Set(
        receiver.receipts
          .filter((receipt) => receipt.path.startsWith('/invalid') && receipt.status < 300)
          .map((receipt) => receipt.eventId)
          .filter((id) => id !== undefined && accepted.get(id) === type),
      );

    return {
      async run() {
        for (const [i, path] of PATHS.entries()) {
          const type = `url${i}.created`;
          const answer = await rawRequest(`${chaos.url('subscription')}/v1/endpoints`, {
            headers: { authorization: `Bearer ${abuser.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ url: `${receiver.url('')}${path}`, eventTypes: [type] }),
          });
          registered.push({ path, answer, type });
        }
        const failures = registered
          .filter(({ answer }) => {
            const errors = answer.body.errors as Array<{ field: string }> | undefined;
            return answer.status !== 201 && !(answer.status === 400 && errors?.[0]?.field === 'url');
          })
          .map(({ path, answer }) => `${JSON.stringify(path)}: ${describeAnswer(answer)}`);
        return {
          got: registered.map(
            ({ path, answer }) =>
              `${JSON.stringify(path)} ${answer.status === 201 ? `201 stored as ${String(answer.body.url)}` : describeAnswer(answer)}`,
          ),
          failures,
        };
      },
      async settle() {
        const stored = registered.filter(({ answer }) => answer.status === 201);
        for (const { type } of stored) {
          const events = makeEvents(abuser.id, type, EVENTS, `${type}_${shortId()}`);
          for (const id of await chaos.publish(events)) accepted.set(id, type);
        }
        await waitFor(() => stored.every(({ type }) => arrivedOn(type).size >= EVENTS), {
          what: 'the events of every stored endpoint',
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const lost = stored.reduce((sum, { type }) => sum + EVENTS - arrivedOn(type).size, 0);
        return {
          got: [],
          failures: [],
          lost,
          figures: {
            stored_endpoints_delivered:
              stored.map(({ type }) => `${arrivedOn(type).size}/${EVENTS}`).join(', ') || '-',
          },
        };
      },
    };
  },
});
