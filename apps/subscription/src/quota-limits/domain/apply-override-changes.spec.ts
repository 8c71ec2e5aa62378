import { applyOverrideChanges } from './apply-override-changes';

describe('applyOverrideChanges', () => {
  it('sets the quotas given, removes those given as null, keeps the others', () => {
    expect(
      applyOverrideChanges({ endpoints: 5_000, apiKeys: 10 }, { apiKeys: null, concurrentReplays: 4 }),
    ).toEqual({ endpoints: 5_000, concurrentReplays: 4 });
  });

  it('changes nothing for an empty change', () => {
    expect(applyOverrideChanges({ endpoints: 1 }, {})).toEqual({ endpoints: 1 });
  });
});
