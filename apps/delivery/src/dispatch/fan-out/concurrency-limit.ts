/** Gives back the slot; calling it again does nothing. */
export type ReleaseSlot = () => void;

interface Waiter {
  grant: (release: ReleaseSlot | undefined) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * A counting semaphore with a bounded, first-come-first-served wait: at most `limit` holders at once; a
 * caller beyond that waits for a slot up to `maxWaitMs`, then is told no (undefined) so it can put its work
 * off instead of waiting without end. Nothing is dropped: every caller gets a slot or a refusal.
 */
export class ConcurrencyLimit {
  private holders = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error('a concurrency limit needs at least one slot');
  }

  get active(): number {
    return this.holders;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(maxWaitMs: number): Promise<ReleaseSlot | undefined> {
    if (this.holders < this.limit && this.waiters.length === 0) {
      this.holders += 1;
      return Promise.resolve(this.releaser());
    }
    if (maxWaitMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { grant: resolve };
      waiter.timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(undefined);
      }, maxWaitMs);
      this.waiters.push(waiter);
    });
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next === undefined) {
        this.holders -= 1;
        return;
      }
      // The slot passes straight to the longest waiter: the holder count stays as it is.
      clearTimeout(next.timer);
      next.grant(this.releaser());
    };
  }
}
