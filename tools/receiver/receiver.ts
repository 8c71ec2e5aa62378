/**
 * A small webhook receiver for the walk-through: prints every request and checks its signature with the
 * official Standard Webhooks verifier. Usage: `WEBHOOK_SECRET=whsec_… npm run receiver` (port 4000, or
 * RECEIVER_PORT) on 127.0.0.1 (or RECEIVER_HOST, e.g. 0.0.0.0 for a compose stack to reach it: deploy/README.md).
 * Answers 200 when the signature verifies (or no secret was given), 401 when it does not.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { Webhook } from 'standardwebhooks';

const port = Number(process.env.RECEIVER_PORT ?? 4000);
const host = process.env.RECEIVER_HOST ?? '127.0.0.1';
const secret = process.env.WEBHOOK_SECRET;
const verifier = secret === undefined ? undefined : new Webhook(secret);

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function verdict(headers: IncomingMessage['headers'], body: string): { ok: boolean; text: string } {
  if (verifier === undefined) return { ok: true, text: 'not checked (set WEBHOOK_SECRET to verify)' };
  try {
    verifier.verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    return { ok: true, text: 'valid (standardwebhooks verifier)' };
  } catch (error) {
    return { ok: false, text: `INVALID: ${(error as Error).message}` };
  }
}

const server = createServer((request, response) => {
  void readBody(request).then((body) => {
    const check = verdict(request.headers, body);
    console.log(`\n${new Date().toISOString()} ${request.method} ${request.url}`);
    console.log(`  webhook-id:        ${String(request.headers['webhook-id'])}`);
    console.log(`  webhook-timestamp: ${String(request.headers['webhook-timestamp'])}`);
    console.log(`  signature:         ${check.text}`);
    console.log(`  body:              ${body}`);
    response
      .writeHead(check.ok ? 200 : 401, { 'content-type': 'text/plain' })
      .end(check.ok ? 'ok' : 'bad signature');
  });
});

server.listen(port, host, () => console.log(`receiver listening on http://${host}:${port}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
