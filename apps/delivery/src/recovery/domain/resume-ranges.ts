import type { PartitionRange } from '@hookline/kafka';
import type { ReplayCheckpoint } from '../persistence/replay.entity';

/**
 * The offset ranges still to read after a checkpoint: each partition starts at its checkpoint when that is
 * past the range's start (a partition read to its end becomes empty and is skipped).
 */
export function resumeRanges(ranges: PartitionRange[], checkpoint: ReplayCheckpoint): PartitionRange[] {
  return ranges.map((range) => {
    const next = checkpoint[String(range.partition)];
    if (next === undefined || BigInt(next) <= BigInt(range.from)) return range;
    return { ...range, from: next };
  });
}

/** The checkpoint after a batch of one partition was handed on: the offset after its last record. */
export function advanceCheckpoint(
  checkpoint: ReplayCheckpoint,
  partition: number,
  lastOffset: string,
): ReplayCheckpoint {
  return { ...checkpoint, [String(partition)]: (BigInt(lastOffset) + 1n).toString() };
}
