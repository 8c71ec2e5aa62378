import { Transform, type TransformCallback } from 'node:stream';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Passes a request body through chunk by chunk (never holding more than the stream's high-water mark),
 * failing with BodyTooLargeError once more than `limitBytes` went by: the check for bodies sent without a
 * Content-Length (chunked), which the front door cannot refuse before they start.
 */
export class BodyLimit extends Transform {
  private seen = 0;

  constructor(private readonly limitBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limitBytes) callback(new BodyTooLargeError(this.limitBytes));
    else callback(null, chunk);
  }
}

/** The declared length when it is already over the limit (refused before a byte is forwarded). */
export function declaredLengthOver(contentLength: string | undefined, limitBytes: number): boolean {
  if (contentLength === undefined) return false;
  const length = Number(contentLength);
  return Number.isFinite(length) && length > limitBytes;
}
