import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express, { type Request } from 'express';
import {
  AuthenticatedRequests,
  authenticateBeforeBody,
  type CredentialCheck,
} from './authenticate-before-body';
import type { BodyRefusal } from './body-refusal';
import { parseRequestBody } from './parse-request-body';

const TOKEN = 'right-token-0123456789';

/** Express with the two middlewares exactly as startHttpService wires them, on a loopback port. */
async function serve(check: CredentialCheck) {
  const refusals: Array<{ path: string; status: number }> = [];
  const seen: Array<{ path: string; body: unknown }> = [];
  const authenticated = new AuthenticatedRequests();
  const log = (request: Request, refusal: BodyRefusal) =>
    refusals.push({ path: request.path, status: refusal.status });
  const app = express();
  app.use(authenticateBeforeBody([{ prefix: '/v1/', check }], authenticated, log));
  app.use(
    parseRequestBody({
      routes: [{ path: '/v1/raw', limitBytes: 1024 * 1024, mode: 'raw' }],
      jsonLimitBytes: 64 * 1024,
      maxInflateRatio: 20,
      inflateAllowanceBytes: 64 * 1024,
      maxJsonDepth: 64,
      authenticated,
      log,
    }),
  );
  app.use((request, response) => {
    seen.push({ path: request.path, body: request.body as unknown });
    response.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  server.on('checkContinue', (request, response) => server.emit('request', request, response));
  await new Promise((resolve) => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, refusals, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

const tokenCheck: CredentialCheck = {
  refusal: 'a valid token is required',
  authenticate: (request: IncomingMessage) => request.headers.authorization === `Bearer ${TOKEN}`,
};

function send(
  port: number,
  path: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: IncomingMessage['headers']; continued: boolean }> {
  return new Promise((resolve, reject) => {
    let continued = false;
    const expectsContinue = headers.expect !== undefined;
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: text, headers: response.headers, continued }),
      );
    });
    req.on('error', reject);
    req.on('continue', () => {
      continued = true;
      req.end(body);
    });
    if (!expectsContinue) req.end(body);
  });
}

describe('authentication before the body is read', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeEach(async () => (server = await serve(tokenCheck)));
  afterEach(() => server.close());

  const bomb = gzipSync(Buffer.alloc(31 * 1024 * 1024));
  const gzipJson = { 'content-type': 'application/json', 'content-encoding': 'gzip' };

  it('answers an unauthenticated gzip bomb 401 and closes the connection; no handler or parser sees it', async () => {
    const answer = await send(server.port, '/v1/events', bomb, gzipJson);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'a valid token is required',
    });
    expect(answer.headers.connection).toBe('close');
    expect(server.seen).toEqual([]);
    expect(server.refusals).toEqual([{ path: '/v1/events', status: 401 }]);
  });

  it('never invites the body of an unauthenticated request (no 100 Continue), and does for an authenticated one', async () => {
    const refused = await send(server.port, '/v1/raw', bomb, { ...gzipJson, expect: '100-continue' });
    expect([refused.status, refused.continued]).toEqual([401, false]);
    const small = gzipSync(Buffer.from('{"a":1}'));
    const accepted = await send(server.port, '/v1/raw', small, {
      ...gzipJson,
      expect: '100-continue',
      authorization: `Bearer ${TOKEN}`,
    });
    expect([accepted.status, accepted.continued]).toEqual([200, true]);
    expect(server.seen).toEqual([{ path: '/v1/raw', body: expect.any(Object) }]);
  });

  it('refuses an authenticated gzip bomb at the inflation ratio with 413', async () => {
    const answer = await send(server.port, '/v1/raw', bomb, {
      ...gzipJson,
      authorization: `Bearer ${TOKEN}`,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({
      message: expect.stringMatching(/more than 20 times its size/),
    });
    expect(server.seen).toEqual([]);
  });

  it('parses JSON for authenticated requests, refusing depth and syntax with field errors', async () => {
    const auth = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    expect((await send(server.port, '/v1/events', Buffer.from('{"a":[1]}'), auth)).status).toBe(200);
    expect(server.seen).toEqual([{ path: '/v1/events', body: { a: [1] } }]);
    const deep = await send(
      server.port,
      '/v1/events',
      Buffer.from(`${'['.repeat(65)}${']'.repeat(65)}`),
      auth,
    );
    expect([deep.status, JSON.parse(deep.body)]).toEqual([
      400,
      expect.objectContaining({
        errors: [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }],
      }),
    ]);
    const broken = await send(server.port, '/v1/events', Buffer.from('{"a":'), auth);
    expect(JSON.parse(broken.body)).toMatchObject({
      errors: [{ field: '(root)', message: expect.stringMatching(/^is not valid JSON/) }],
    });
  });

  it('reads no body outside the protected routes (probes take none)', async () => {
    const answer = await send(server.port, '/healthz', Buffer.from('{"a":1}'), {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(200);
    expect(server.seen).toEqual([{ path: '/healthz', body: undefined }]);
  });

  it('answers 503 with Retry-After when the credential store cannot be asked', async () => {
    const failing = await serve({
      refusal: 'x',
      authenticate: () => Promise.reject(new Error('database down')),
    });
    try {
      const answer = await send(failing.port, '/v1/events', Buffer.from('{}'), {
        'content-type': 'application/json',
      });
      expect([answer.status, answer.headers['retry-after']]).toEqual([503, '5']);
    } finally {
      await failing.close();
    }
  });
});
