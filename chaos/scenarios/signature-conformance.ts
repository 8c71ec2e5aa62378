import { Webhook } from 'standardwebhooks';
import { TestReceiver, waitFor, type ReceivedRequest } from '@hookline/testing';
import { sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { Verdict, type Scenario } from '../support/scenario';

const EVENTS = 100;
const ROTATION_EVENTS = 20;

/** Runs the official verifier; true when it accepts. */
function verifies(secret: string, request: Pick<ReceivedRequest, 'body' | 'headers'>): boolean {
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    return true;
  } catch {
    return false;
  }
}

function tampered(request: ReceivedRequest): Array<Pick<ReceivedRequest, 'body' | 'headers'>> {
  const timestamp = Number(request.headers['webhook-timestamp']);
  return [
    {
      headers: request.headers,
      body: request.body.replace(/"n":(\d+)/, (_, n: string) => `"n":${Number(n) + 1}`),
    },
    {
      headers: { ...request.headers, 'webhook-id': `${String(request.headers['webhook-id'])}x` },
      body: request.body,
    },
    { headers: { ...request.headers, 'webhook-timestamp': String(timestamp + 1) }, body: request.body },
  ];
}

/**
 * Every delivered request checked by the official `standardwebhooks` verifier with the endpoint's secret;
 * each also tampered three ways (body, id, timestamp), which it must reject. Then a rotation with an overlap:
 * requests verify with both secrets; a second rotation with no overlap: the replaced secret stops verifying.
 */
export const signatureConformance: Scenario = {
  name: 'signature conformance',
  bar: '100% accepted / 100% rejected',
  quick: false,
  timeoutMs: 2 * 60_000,
  async run(context) {
    const receiver = await new TestReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'sig', { logLevel: 'warn' });
    const tenant = await chaos.createTenant('sig');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/sig'),
      eventTypes: ['sig.*'],
    });
    const events = makeEvents(tenant.id, 'sig.created', EVENTS, `sig_${Date.now()}`);
    const ids = new Set(events.map((event) => event.id));
    const requestsFor = (wanted: Set<string>) =>
      receiver.requests.filter((request) => wanted.has((JSON.parse(request.body) as { id: string }).id));
    // Published until delivery routes to the endpoint; the events themselves are the probes.
    await waitFor(
      async () => {
        if (requestsFor(ids).length === 0) await chaos.publish(events.slice(0, 1));
        return requestsFor(ids).length > 0;
      },
      { what: 'the first signed request', timeoutMs: 60_000, intervalMs: 500 },
    );
    await chaos.publish(events);
    await waitFor(() => new Set(requestsFor(ids).map((r) => r.headers['webhook-id'])).size === EVENTS, {
      what: `${EVENTS} signed requests`,
      timeoutMs: 60_000,
    });

    let shouldAccept = 0;
    let accepted = 0;
    let shouldReject = 0;
    let rejected = 0;
    const expectAccept = (secret: string, request: Pick<ReceivedRequest, 'body' | 'headers'>) => {
      shouldAccept++;
      if (verifies(secret, request)) accepted++;
    };
    const expectReject = (secret: string, request: Pick<ReceivedRequest, 'body' | 'headers'>) => {
      shouldReject++;
      if (!verifies(secret, request)) rejected++;
    };
    for (const request of requestsFor(ids)) {
      expectAccept(endpoint.secret, request);
      for (const forged of tampered(request)) expectReject(endpoint.secret, forged);
    }

    // Rotation with an hour of overlap: both secrets sign.
    const rotated = await chaos.call(
      'subscription',
      'POST',
      `/v1/endpoints/${endpoint.id}/secret/rotate`,
      tenant.apiKey,
      {
        overlapSeconds: 3600,
      },
    );
    const second = String(rotated.body.secret);
    const twoSignatures = await signedAfterChange(chaos, receiver, tenant.id, 'sig.updated', 2);
    for (const request of twoSignatures) {
      expectAccept(second, request);
      expectAccept(endpoint.secret, request);
    }
    // Rotation with no overlap: the replaced secret stops signing at once.
    const again = await chaos.call(
      'subscription',
      'POST',
      `/v1/endpoints/${endpoint.id}/secret/rotate`,
      tenant.apiKey,
      {
        overlapSeconds: 0,
      },
    );
    const third = String(again.body.secret);
    const oneSignature = await signedAfterChange(chaos, receiver, tenant.id, 'sig.deleted', 1, third);
    for (const request of oneSignature) {
      expectAccept(third, request);
      expectReject(second, request);
      expectReject(endpoint.secret, request);
    }

    const verdict = new Verdict();
    verdict.check(rotated.status === 201 || rotated.status === 200, `rotate answered ${rotated.status}`);
    verdict.check(
      twoSignatures.length === ROTATION_EVENTS,
      `only ${twoSignatures.length} requests with two signatures`,
    );
    verdict.check(
      oneSignature.length === ROTATION_EVENTS,
      `only ${oneSignature.length} requests after the second rotation`,
    );
    verdict.check(
      accepted === shouldAccept,
      `${shouldAccept - accepted} genuine requests failed verification`,
    );
    verdict.check(
      rejected === shouldReject,
      `${shouldReject - rejected} forged requests passed verification`,
    );
    return verdict.result({
      accepted: `${accepted}/${shouldAccept}`,
      rejected: `${rejected}/${shouldReject}`,
      accepted_pct: shouldAccept === 0 ? 0 : Math.floor((100 * accepted) / shouldAccept),
      rejected_pct: shouldReject === 0 ? 0 : Math.floor((100 * rejected) / shouldReject),
    });
  },
};

/**
 * Waits until delivery applies a secret change (requests carry `signatures` signatures, the newest verifying),
 * then publishes ROTATION_EVENTS events and returns their requests.
 */
async function signedAfterChange(
  chaos: ChaosPlatform,
  receiver: TestReceiver,
  tenantId: string,
  type: string,
  signatures: number,
  newest?: string,
): Promise<ReceivedRequest[]> {
  const applied = (request: ReceivedRequest) =>
    String(request.headers['webhook-signature']).split(' ').length === signatures &&
    (newest === undefined || verifies(newest, request));
  await waitFor(
    async () => {
      await chaos.publish(makeEvents(tenantId, type, 1, `probe_${Date.now()}`));
      await sleep(300);
      const last = receiver.requests.at(-1);
      return last !== undefined && applied(last);
    },
    { what: `requests with ${signatures} signature(s)`, timeoutMs: 30_000, intervalMs: 1 },
  );
  const events = makeEvents(tenantId, type, ROTATION_EVENTS, `${type}_${Date.now()}`);
  const ids = new Set(events.map((event) => event.id));
  await chaos.publish(events);
  const mine = () =>
    receiver.requests.filter((request) => ids.has((JSON.parse(request.body) as { id: string }).id));
  await waitFor(() => mine().length >= ROTATION_EVENTS, {
    what: `${ROTATION_EVENTS} requests`,
    timeoutMs: 30_000,
  });
  return mine();
}
