import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BodyRefusal } from './body-refusal';
import { LargeBodySlots } from './large-body-slots';
import { readRequestBody, type BodyReadLimits } from './read-request-body';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A request as the body reader sees it: a stream with headers, fed in chunks as a socket would. */
function request(body: Buffer, headers: Record<string, string> = {}, chunkBytes = 16 * KiB) {
  const stream = new PassThrough() as PassThrough & { headers: Record<string, string> };
  stream.headers = { 'content-length': String(body.length), ...headers };
  let written = 0;
  const pump = () => {
    while (written < body.length) {
      const chunk = body.subarray(written, written + chunkBytes);
      written += chunk.length;
      if (!stream.write(chunk)) return stream.once('drain', pump);
    }
    stream.end();
  };
  setImmediate(pump);
  return { stream: stream as unknown as IncomingMessage, written: () => written };
}

const limits = (overrides: Partial<BodyReadLimits> = {}): BodyReadLimits => ({
  limitBytes: 32 * MiB,
  maxInflateRatio: 20,
  inflateAllowanceBytes: 64 * KiB,
  maxJsonDepth: 64,
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<BodyRefusal> {
  const error = await promise.then(
    () => new Error('the body was accepted'),
    (caught: unknown) => caught,
  );
  if (!(error instanceof BodyRefusal)) throw error;
  return error;
}

describe('readRequestBody', () => {
  it('reads a plain body within its limit', async () => {
    const body = Buffer.from(JSON.stringify({ subjects: ['a', 'b'] }));
    expect((await readRequestBody(request(body).stream, limits())).bytes).toEqual(body);
  });

  it('refuses a declared length over the limit with 413 before reading a byte', async () => {
    let read = false;
    const { stream } = request(Buffer.alloc(2 * KiB, 32));
    const answer = await refusal(
      readRequestBody(stream, limits({ limitBytes: KiB, beforeReading: () => (read = true) })),
    );
    expect([answer.status, answer.message]).toEqual([413, 'body is larger than the limit of 1024 bytes']);
    expect(read).toBe(false);
  });

  it('refuses a chunked body (no length) with 413 once it passes the limit', async () => {
    const { stream } = request(Buffer.alloc(64 * KiB, 32), { 'content-length': '' }, KiB);
    delete (stream.headers as Record<string, string>)['content-length'];
    expect((await refusal(readRequestBody(stream, limits({ limitBytes: 10 * KiB })))).status).toBe(413);
  });

  it('stops a gzip bomb (31 MiB of zeros in ~31 KB) at the inflation ratio, long before 31 MiB', async () => {
    const bomb = gzipSync(Buffer.alloc(31 * MiB));
    expect(bomb.length).toBeLessThan(40 * KiB);
    const { stream } = request(bomb, { 'content-encoding': 'gzip' }, 4 * KiB);
    const answer = await refusal(readRequestBody(stream, limits()));
    expect(answer.status).toBe(413);
    const [, inflated, received] = /\((\d+) bytes from the first (\d+)\)/.exec(answer.message)!.map(Number);
    expect(answer.message).toMatch(/^compressed body inflates to more than 20 times its size/);
    // Inflation stopped within one zlib chunk past the ratio: under 1 MiB held, not 31 MiB.
    expect(inflated).toBeLessThanOrEqual(20 * received + 64 * KiB);
    expect(inflated).toBeLessThan(MiB);
  });

  it('accepts gzip that inflates within the ratio, and small bodies whatever their ratio', async () => {
    const text = Buffer.from(
      JSON.stringify({ subjects: Array.from({ length: 50_000 }, (_, index) => `order-${index * 7919}`) }),
    );
    const compressed = gzipSync(text);
    expect(text.length / compressed.length).toBeLessThan(20);
    const read = await readRequestBody(request(compressed, { 'content-encoding': 'gzip' }).stream, limits());
    expect(read.bytes.equals(text)).toBe(true);
    const tiny = gzipSync(Buffer.from(JSON.stringify({ note: ' '.repeat(20 * KiB) })));
    const small = await readRequestBody(request(tiny, { 'content-encoding': 'gzip' }).stream, limits());
    expect(small.bytes.length).toBeGreaterThan(20 * KiB);
  });

  it('refuses an inflated body over the limit with 413', async () => {
    const compressed = gzipSync(Buffer.alloc(2 * MiB, 'x'));
    const answer = await refusal(
      readRequestBody(
        request(compressed, { 'content-encoding': 'gzip' }).stream,
        limits({ limitBytes: MiB, maxInflateRatio: 1000 }),
      ),
    );
    expect([answer.status, answer.message]).toEqual([413, `body is larger than the limit of ${MiB} bytes`]);
  });

  it('refuses JSON nested deeper than the limit with 400 naming it, while streaming', async () => {
    const deep = Buffer.from(`${'['.repeat(12_000)}${']'.repeat(12_000)}`);
    const answer = await refusal(readRequestBody(request(deep, {}, 1_000).stream, limits()));
    expect(answer.status).toBe(400);
    expect(answer.answer()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Validation failed',
      errors: [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }],
    });
  });

  it('answers 503 with Retry-After when every large-body slot is taken, and frees slots on release', async () => {
    const slots = new LargeBodySlots(KiB, 1);
    const first = await readRequestBody(
      request(Buffer.alloc(2 * KiB, 32)).stream,
      limits({ largeBodies: slots }),
    );
    expect(slots.taken).toBe(1);
    const answer = await refusal(
      readRequestBody(request(Buffer.alloc(2 * KiB, 32)).stream, limits({ largeBodies: slots })),
    );
    expect([answer.status, answer.options.retryAfterSeconds]).toEqual([503, 1]);
    // Small bodies need no slot.
    const small = await readRequestBody(
      request(Buffer.alloc(100, 32)).stream,
      limits({ largeBodies: slots }),
    );
    expect(small.bytes.length).toBe(100);
    first.release();
    expect(slots.taken).toBe(0);
    await readRequestBody(request(Buffer.alloc(2 * KiB, 32)).stream, limits({ largeBodies: slots }));
  });

  it('refuses unknown content encodings (415) and corrupt gzip (400)', async () => {
    const zstd = await refusal(
      readRequestBody(request(Buffer.from('{}'), { 'content-encoding': 'zstd' }).stream, limits()),
    );
    expect(zstd.status).toBe(415);
    const corrupt = await refusal(
      readRequestBody(
        request(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }).stream,
        limits(),
      ),
    );
    expect([corrupt.status, corrupt.message]).toEqual([400, 'body is not valid gzip data']);
  });
});

describe('readRequestBody and clients that go away', () => {
  it('frees the large-body slot of a body cut off mid-stream', async () => {
    const slots = new LargeBodySlots(KiB, 1);
    const stream = new PassThrough() as PassThrough & { headers: Record<string, string> };
    stream.headers = { 'content-length': String(64 * KiB) };
    const reading = readRequestBody(stream as unknown as IncomingMessage, limits({ largeBodies: slots }));
    stream.write(Buffer.alloc(2 * KiB, 32));
    await new Promise((resolve) => setImmediate(resolve));
    expect(slots.taken).toBe(1);
    stream.destroy();
    expect((await refusal(reading)).message).toBe('the request body was cut off');
    expect(slots.taken).toBe(0);
  });
});
