import { parseSubmission } from './parse-submission';

const options = { maxBatchSubjects: 3, batchIdFor: () => 'derived' };

describe('parseSubmission', () => {
  it('tells a single event, an array and a batch operation apart', () => {
    const single = parseSubmission({ type: 'a.created', subject: 's', tenant: 't', data: {} }, options);
    expect(single.ok && single.value).toMatchObject({ kind: 'events', single: true });
    const array = parseSubmission([{ type: 'a.created', subject: 's', tenant: 't', data: {} }], options);
    expect(array.ok && array.value).toMatchObject({ kind: 'events', single: false });
    const batch = parseSubmission({ type: 'a.deleted', tenant: 't', subjects: ['x', 'y'] }, options);
    expect(batch.ok && batch.value).toMatchObject({ kind: 'batch', batchId: 'derived', batchSize: 2 });
  });

  it('names the faulty field of each array element', () => {
    const result = parseSubmission(
      [{ type: 'a.created', subject: 's', tenant: 't', data: {} }, { type: 'x' }],
      options,
    );
    expect(result.ok || result.errors.map((error) => error.field).sort()).toEqual([
      '[1].data',
      '[1].subject',
      '[1].type',
    ]);
  });

  it('refuses targetendpointid from upstream: it is internal to Hookline', () => {
    const result = parseSubmission(
      { type: 'a.created', subject: 's', tenant: 't', data: {}, targetendpointid: 'ep_1' },
      options,
    );
    expect(result.ok || result.errors).toEqual([
      { field: 'targetendpointid', message: 'is not an allowed property' },
    ]);
  });

  it('refuses an empty array and a batch over the subject limit', () => {
    expect(parseSubmission([], options).ok).toBe(false);
    const big = parseSubmission({ type: 'a.deleted', tenant: 't', subjects: ['1', '2', '3', '4'] }, options);
    expect(big.ok || big.errors).toEqual([{ field: 'subjects', message: 'lists more than 3 subjects' }]);
  });

  it('fills missing event ids when told how (the Kafka path derives them from the record position)', () => {
    const result = parseSubmission([{ type: 'a.created', subject: 's', tenant: 't', data: {} }], {
      ...options,
      eventIdFor: (index) => `pos-${index}`,
    });
    expect(result.ok && result.value.kind === 'events' && result.value.events[0]?.id).toBe('pos-0');
  });
});
