/**
 * A cap on large request bodies held in memory at once by this process: each may be up to its route's limit
 * (32 MiB for the producer's batches), so a handful in flight is a memory budget and more is a way to exhaust
 * it. A body becomes large when its declared length, or the bytes read so far, pass `overBytes`; it keeps its
 * slot until its response has been sent, because the handler holds the bytes until then.
 */
export class LargeBodySlots {
  private inFlight = 0;

  constructor(
    readonly overBytes: number,
    readonly maxInFlight: number,
  ) {}

  /** A release function, or undefined when every slot is taken. */
  tryAcquire(): (() => void) | undefined {
    if (this.inFlight >= this.maxInFlight) return undefined;
    this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
    };
  }

  get taken(): number {
    return this.inFlight;
  }
}
