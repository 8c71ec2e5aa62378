import { TestReceiver, type ReceivedRequest } from '@hookline/testing';

/** A receiver that answers verification challenges the way the docs ask (or not, when told to refuse). */
export async function startEchoReceiver(): Promise<TestReceiver & { refuse: boolean }> {
  const receiver = Object.assign(new TestReceiver(), { refuse: false });
  receiver.reply = (request: ReceivedRequest) => {
    const challenge = (JSON.parse(request.body) as { data?: { challenge?: string } }).data?.challenge;
    if (receiver.refuse || challenge === undefined) return { status: 200, body: '{"ok":true}' };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge }),
    };
  };
  await receiver.start();
  return receiver;
}

export function signatureHeaders(request: ReceivedRequest): Record<string, string> {
  return {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
}
