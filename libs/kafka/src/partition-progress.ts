/**
 * Tracks the messages of one partition that are handled concurrently and finish out of order. Kafka commits
 * one offset per partition, so only the prefix of dispatched messages that are all done may be committed:
 * a message still in flight holds the commit point back, whatever finished after it.
 */
export class PartitionProgress {
  /** Set when the partition was revoked or the consumer restarted: completions no longer count. */
  revoked = false;
  private readonly pending: bigint[] = [];
  private head = 0;
  private readonly done = new Set<bigint>();
  private lastDispatched: bigint | undefined;
  private lastCommitted: bigint | undefined;
  private settledThrough: bigint | undefined;

  /** The next offset to hand out: everything below it was dispatched. */
  get nextOffset(): bigint | undefined {
    return this.lastDispatched === undefined ? undefined : this.lastDispatched + 1n;
  }

  get inFlight(): number {
    return this.pending.length - this.head - this.done.size;
  }

  dispatch(offset: bigint): void {
    if (this.lastDispatched !== undefined && offset <= this.lastDispatched) {
      throw new Error(`offset ${offset} dispatched out of order (last ${this.lastDispatched})`);
    }
    this.pending.push(offset);
    this.lastDispatched = offset;
  }

  complete(offset: bigint): void {
    this.done.add(offset);
    while (this.head < this.pending.length && this.done.has(this.pending[this.head])) {
      this.done.delete(this.pending[this.head]);
      this.settledThrough = this.pending[this.head];
      this.head += 1;
    }
    if (this.head > 1_024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The offset to commit (the next one to consume), when it moved since the last commit. */
  commitCandidate(): bigint | undefined {
    if (this.settledThrough === undefined) return undefined;
    const next = this.settledThrough + 1n;
    return this.lastCommitted === undefined || next > this.lastCommitted ? next : undefined;
  }

  markCommitted(offset: bigint): void {
    if (this.lastCommitted === undefined || offset > this.lastCommitted) this.lastCommitted = offset;
  }
}
