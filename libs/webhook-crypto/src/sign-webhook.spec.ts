import { Webhook } from 'standardwebhooks';
import { generateEndpointSecret } from './endpoint-secret';
import { signWebhook } from './sign-webhook';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function headersFor(webhookId: string, timestamp: number, signature: string) {
  return { 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

describe('signWebhook', () => {
  const body = JSON.stringify({ type: 'customer.created', data: { id: 'cus_1' } });

  it('produces a signature the official Standard Webhooks verifier accepts', () => {
    const secret = generateEndpointSecret();
    const timestamp = nowSeconds();
    const signature = signWebhook({ webhookId: 'msg_1', timestamp, body }, [secret]);
    expect(signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, headersFor('msg_1', timestamp, signature))).toEqual(
      JSON.parse(body),
    );
  });

  it('signs with every live secret during a rotation, so both the old and the new secret verify', () => {
    const [oldSecret, newSecret] = [generateEndpointSecret(), generateEndpointSecret()];
    const timestamp = nowSeconds();
    const signature = signWebhook({ webhookId: 'msg_2', timestamp, body }, [newSecret, oldSecret]);
    expect(signature.split(' ')).toHaveLength(2);
    for (const secret of [oldSecret, newSecret]) {
      expect(() => new Webhook(secret).verify(body, headersFor('msg_2', timestamp, signature))).not.toThrow();
    }
  });

  it.each([
    ['the body', (h: ReturnType<typeof headersFor>) => ({ h, b: body.replace('cus_1', 'cus_2') })],
    ['the id', (h: ReturnType<typeof headersFor>) => ({ h: { ...h, 'webhook-id': 'msg_other' }, b: body })],
    [
      'the timestamp',
      (h: ReturnType<typeof headersFor>) => ({
        h: { ...h, 'webhook-timestamp': String(Number(h['webhook-timestamp']) + 1) },
        b: body,
      }),
    ],
  ])('fails verification when %s is tampered with', (_what, tamper) => {
    const secret = generateEndpointSecret();
    const timestamp = nowSeconds();
    const headers = headersFor(
      'msg_3',
      timestamp,
      signWebhook({ webhookId: 'msg_3', timestamp, body }, [secret]),
    );
    const { h, b } = tamper(headers);
    expect(() => new Webhook(secret).verify(b, h)).toThrow();
  });

  it('fails verification with a secret that did not sign', () => {
    const timestamp = nowSeconds();
    const signature = signWebhook({ webhookId: 'msg_4', timestamp, body }, [generateEndpointSecret()]);
    expect(() =>
      new Webhook(generateEndpointSecret()).verify(body, headersFor('msg_4', timestamp, signature)),
    ).toThrow();
  });
});
