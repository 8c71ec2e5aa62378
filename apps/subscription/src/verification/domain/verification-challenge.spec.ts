import { Webhook } from 'standardwebhooks';
import { validateHooklineEvent } from '@hookline/contracts';
import { generateEndpointSecret } from '@hookline/webhook-crypto';
import { echoProblem, signedRequestHeaders, verificationEvent } from './verification-challenge';

const challenge = 'c4Ha11enge_value';

describe('verification challenge', () => {
  it('is a canonical webhook.endpoint.verification event carrying the challenge', () => {
    const event = verificationEvent({
      eventId: 'evt_vrf_1',
      endpointId: 'ep_1',
      tenantId: 'acme',
      challenge,
      now: new Date('2026-11-23T10:00:00Z'),
    });
    expect(validateHooklineEvent(event).ok).toBe(true);
    expect(event).toMatchObject({
      type: 'webhook.endpoint.verification',
      subject: 'ep_1',
      data: { challenge },
    });
  });

  it('is signed so that the official verifier accepts it with every live secret', () => {
    const [current, previous] = [generateEndpointSecret(), generateEndpointSecret()];
    const body = JSON.stringify({ hello: 'world' });
    const headers = signedRequestHeaders({
      webhookId: 'msg_1',
      body,
      sentAt: new Date(),
      secrets: [current, previous],
      userAgent: 'Hookline-Webhooks/test',
      customHeaders: { 'x-team': 'billing', 'webhook-id': 'forged' },
    });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['x-team']).toBe('billing');
    for (const secret of [current, previous])
      expect(new Webhook(secret).verify(body, headers)).toEqual({ hello: 'world' });
  });

  it.each([
    [{ statusCode: 200, body: JSON.stringify({ challenge }) }, undefined],
    [{ statusCode: 204, body: ` ${challenge}\n` }, undefined],
    [{ statusCode: 200, body: '{"ok":true}' }, 'endpoint answered 2xx but did not echo the challenge'],
    [{ statusCode: 200, body: 'not json' }, 'endpoint answered 2xx but did not echo the challenge'],
    [
      { statusCode: 302, body: JSON.stringify({ challenge }) },
      'endpoint answered 302, expected 2xx with the challenge',
    ],
    [{ statusCode: 500, body: '' }, 'endpoint answered 500, expected 2xx with the challenge'],
  ])('judges %j as %p', (response, problem) => {
    expect(echoProblem(response, challenge)).toBe(problem);
  });
});
