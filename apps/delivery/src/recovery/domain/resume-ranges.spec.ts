import { advanceCheckpoint, resumeRanges } from './resume-ranges';

describe('resumeRanges', () => {
  const ranges = [
    { partition: 0, from: '10', to: '100' },
    { partition: 1, from: '5', to: '50' },
    { partition: 2, from: '0', to: '20' },
  ];

  it('reads every range from its start when nothing was checkpointed', () => {
    expect(resumeRanges(ranges, {})).toEqual(ranges);
  });

  it('starts each partition at its checkpoint, and leaves a finished one empty', () => {
    expect(resumeRanges(ranges, { '0': '60', '1': '50' })).toEqual([
      { partition: 0, from: '60', to: '100' },
      { partition: 1, from: '50', to: '50' },
      { partition: 2, from: '0', to: '20' },
    ]);
  });

  it('ignores a checkpoint before the range (the range is recomputed from the same times)', () => {
    expect(resumeRanges(ranges, { '0': '3' })[0]).toEqual({ partition: 0, from: '10', to: '100' });
  });
});

describe('advanceCheckpoint', () => {
  it('records the offset after the batch, keeping other partitions', () => {
    expect(advanceCheckpoint({ '1': '7' }, 0, '41')).toEqual({ '0': '42', '1': '7' });
  });
});
