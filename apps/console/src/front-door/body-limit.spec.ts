import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyLimit, BodyTooLargeError, declaredLengthOver } from './body-limit';

async function passThrough(chunks: Buffer[], limit: number): Promise<number> {
  let received = 0;
  await pipeline(Readable.from(chunks), new BodyLimit(limit), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) received += chunk.length;
  });
  return received;
}

describe('BodyLimit', () => {
  it('forwards a body of exactly the limit, chunk by chunk', async () => {
    await expect(passThrough([Buffer.alloc(600), Buffer.alloc(424)], 1024)).resolves.toBe(1024);
  });

  it('fails with BodyTooLargeError one byte past the limit', async () => {
    await expect(passThrough([Buffer.alloc(1024), Buffer.alloc(1)], 1024)).rejects.toBeInstanceOf(
      BodyTooLargeError,
    );
  });
});

describe('declaredLengthOver', () => {
  it.each([
    [undefined, false],
    ['1024', false],
    ['1025', true],
    ['not a number', false],
  ])('Content-Length %p against 1024 bytes: %p', (header, over) => {
    expect(declaredLengthOver(header, 1024)).toBe(over);
  });
});
