import { PartitionProgress } from './partition-progress';

describe('PartitionProgress', () => {
  it('commits only the prefix of dispatched messages that are all done', () => {
    const progress = new PartitionProgress();
    for (const offset of [10n, 11n, 12n, 13n]) progress.dispatch(offset);
    progress.complete(12n);
    progress.complete(11n);
    expect(progress.commitCandidate()).toBeUndefined();
    expect(progress.inFlight).toBe(2);
    progress.complete(10n);
    expect(progress.commitCandidate()).toBe(13n);
    progress.markCommitted(13n);
    expect(progress.commitCandidate()).toBeUndefined();
    progress.complete(13n);
    expect(progress.commitCandidate()).toBe(14n);
    expect(progress.inFlight).toBe(0);
  });

  it('steps over offset gaps (transaction markers, compaction)', () => {
    const progress = new PartitionProgress();
    progress.dispatch(5n);
    progress.dispatch(9n);
    progress.complete(9n);
    progress.complete(5n);
    expect(progress.commitCandidate()).toBe(10n);
    expect(progress.nextOffset).toBe(10n);
  });

  it('refuses to dispatch an offset twice or backwards', () => {
    const progress = new PartitionProgress();
    progress.dispatch(3n);
    expect(() => progress.dispatch(3n)).toThrow(/out of order/);
  });

  it('keeps memory bounded over a long run', () => {
    const progress = new PartitionProgress();
    for (let offset = 0n; offset < 100_000n; offset++) {
      progress.dispatch(offset);
      progress.complete(offset);
    }
    expect(progress.commitCandidate()).toBe(100_000n);
    expect(progress.inFlight).toBe(0);
  });
});
