import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { JsonDepthGauge, tooDeepMessage } from '@hookline/contracts';
import { BodyRefusal } from './body-refusal';
import type { LargeBodySlots } from './large-body-slots';

export interface BodyReadLimits {
  /** Largest body in bytes, as received and once inflated. */
  limitBytes: number;
  /** A compressed body may inflate to at most this many times the bytes received so far… */
  maxInflateRatio: number;
  /** …beyond these bytes, which any body may have: small bodies compress far better than large ones. */
  inflateAllowanceBytes: number;
  /** Deepest JSON nesting, measured while the bytes arrive. */
  maxJsonDepth: number;
  /** The cap on large bodies in flight, if the route has one. */
  largeBodies?: LargeBodySlots;
  /** Seconds a client refused for lack of a large-body slot should wait. */
  busyRetryAfterSeconds?: number;
  /** Called once, just before the first byte is read (answers `Expect: 100-continue`). */
  beforeReading?: () => void;
}

export interface RequestBody {
  bytes: Buffer;
  /** Frees the large-body slot the body holds, if any; call once its response has been sent. */
  release: () => void;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * Reads a request body within its limits, checking each while the bytes stream in, so a refusal costs what
 * was read up to that moment and no more: the size before and after inflation, the inflation ratio (a 31 KB
 * gzip bomb stops at ratio × 31 KB, not at 31 MiB), the JSON depth, and a slot among the large bodies in
 * flight. A refused body is drained, not kept, so the connection stays usable for the client's next request.
 */
export function readRequestBody(request: IncomingMessage, limits: BodyReadLimits): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const makeDecoder = DECODERS[encoding];
    const decoder = makeDecoder?.();
    const chunks: Buffer[] = [];
    const gauge = new JsonDepthGauge(limits.maxJsonDepth);
    let received = 0;
    let inflated = 0;
    let settled = false;
    let release: (() => void) | undefined;

    const refuse = (refusal: BodyRefusal) => {
      if (settled) return;
      settled = true;
      decoder?.destroy();
      release?.();
      chunks.length = 0;
      request.resume(); // drain what is left, unbuffered
      reject(refusal);
    };
    const takeSlot = (): boolean => {
      if (release !== undefined || limits.largeBodies === undefined) return true;
      release = limits.largeBodies.tryAcquire();
      if (release !== undefined) return true;
      refuse(busy(limits.largeBodies, limits.busyRetryAfterSeconds ?? 1));
      return false;
    };
    const take = (chunk: Buffer) => {
      if (settled) return;
      inflated += chunk.length;
      if (inflated > limits.limitBytes) return refuse(tooLarge(limits.limitBytes));
      if (
        decoder !== undefined &&
        inflated > Math.max(limits.inflateAllowanceBytes, received * limits.maxInflateRatio)
      ) {
        return refuse(inflatesTooMuch(limits.maxInflateRatio, inflated, received));
      }
      if (limits.largeBodies !== undefined && inflated > limits.largeBodies.overBytes && !takeSlot()) return;
      if (!gauge.feed(chunk)) return refuse(tooDeep(limits.maxJsonDepth));
      chunks.push(chunk);
    };
    const finish = () => {
      if (settled) return;
      settled = true;
      resolve({ bytes: Buffer.concat(chunks, inflated), release: release ?? (() => undefined) });
    };

    if (makeDecoder === undefined && encoding !== 'identity') {
      return refuse(
        new BodyRefusal(415, `content-encoding "${encoding}" is not supported (gzip, deflate, br)`),
      );
    }
    const declared = Number(request.headers['content-length']);
    if (declared > limits.limitBytes) return refuse(tooLarge(limits.limitBytes));
    if (limits.largeBodies !== undefined && declared > limits.largeBodies.overBytes && !takeSlot()) return;

    decoder?.on('data', take);
    decoder?.on('end', finish);
    decoder?.on('error', () => refuse(new BodyRefusal(400, `body is not valid ${encoding} data`)));
    request.on('data', (chunk: Buffer) => {
      if (settled) return; // draining a refused body
      received += chunk.length;
      if (received > limits.limitBytes) return refuse(tooLarge(limits.limitBytes));
      if (decoder === undefined) return take(chunk);
      // Backpressure: the socket waits while zlib works through what it has.
      if (!decoder.write(chunk)) {
        request.pause();
        decoder.once('drain', () => request.resume());
      }
    });
    let ended = false;
    request.on('end', () => {
      ended = true;
      if (settled) return;
      if (decoder === undefined) finish();
      else decoder.end();
    });
    // A client that goes away mid-body must not keep its large-body slot.
    const cutOff = () => refuse(new BodyRefusal(400, 'the request body was cut off'));
    request.on('error', cutOff);
    request.on('close', () => {
      if (!ended) cutOff();
    });
    limits.beforeReading?.();
  });
}

function tooLarge(limitBytes: number): BodyRefusal {
  return new BodyRefusal(413, `body is larger than the limit of ${limitBytes} bytes`);
}

function inflatesTooMuch(ratio: number, inflated: number, received: number): BodyRefusal {
  return new BodyRefusal(
    413,
    `compressed body inflates to more than ${ratio} times its size (${inflated} bytes from the first ${received}), over the limit on inflation`,
  );
}

function tooDeep(maxDepth: number): BodyRefusal {
  return new BodyRefusal(400, 'Validation failed', {
    errors: [{ field: '(root)', message: tooDeepMessage(maxDepth) }],
  });
}

function busy(slots: LargeBodySlots, seconds: number): BodyRefusal {
  return new BodyRefusal(
    503,
    `${slots.maxInFlight} request bodies over ${slots.overBytes} bytes are already being received; retry in ${seconds} s`,
    { retryAfterSeconds: seconds },
  );
}
