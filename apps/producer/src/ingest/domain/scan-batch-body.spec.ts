import { batchEventId, contentBatchId } from '@hookline/contracts';
import { expandBatch } from './expand-submission';
import { scanBatchBody } from './scan-batch-body';

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('scanBatchBody (the streamed batch route)', () => {
  it('reads the header wherever it stands and counts the subjects', () => {
    const scanned = scanBatchBody(
      body({
        subjects: ['c1', { subject: 'c2', data: { title: 'x' } }],
        type: 'conversation.deleted',
        tenant: 't1',
      }),
      10,
    );
    expect(scanned.ok).toBe(true);
    if (!scanned.ok) return;
    expect(scanned.value.header).toEqual({ type: 'conversation.deleted', tenant: 't1' });
    expect(scanned.value.batchSize).toBe(2);
    expect([...scanned.value.subjects()]).toEqual(['c1', { subject: 'c2', data: { title: 'x' } }]);
  });

  it('derives the batch id from the body when none is given, and uses the given one otherwise', () => {
    const raw = body({ type: 'a.deleted', tenant: 't1', subjects: ['x'] });
    const scanned = scanBatchBody(raw, 10);
    expect(scanned.ok && scanned.value.batchId).toBe(contentBatchId(raw));
    const named = scanBatchBody(body({ id: 'bulk-1', type: 'a.deleted', tenant: 't1', subjects: ['x'] }), 10);
    expect(named.ok && named.value.batchId).toBe('bulk-1');
  });

  it('names every faulty field: unknown keys, bad subjects, missing tenant', () => {
    const scanned = scanBatchBody(
      body({ type: 'a.deleted', colour: 'red', subjects: ['ok', 7, { subject: '' }] }),
      10,
    );
    expect(scanned.ok).toBe(false);
    if (scanned.ok) return;
    expect(scanned.errors.map((error) => error.field).sort()).toEqual([
      'colour',
      'subjects[1]',
      'subjects[2]',
    ]);
    const noTenant = scanBatchBody(body({ type: 'a.deleted', subjects: ['ok'] }), 10);
    expect(noTenant.ok || noTenant.errors).toEqual([{ field: 'tenant', message: 'is required' }]);
  });

  it('refuses broken JSON, a non-object, a non-array or empty subjects, and too many subjects', () => {
    const fields = (raw: Buffer) => {
      const scanned = scanBatchBody(raw, 2);
      return scanned.ok ? [] : scanned.errors.map((error) => `${error.field} ${error.message}`);
    };
    expect(fields(Buffer.from('{"type":"a.deleted","subjects":["c1"'))[0]).toMatch(
      /^\(root\) is not valid JSON/,
    );
    expect(fields(body(['c1']))).toEqual(['(root) must be a JSON object (a batch operation)']);
    expect(fields(body({ type: 'a.deleted', tenant: 't', subjects: 'c1' }))).toEqual([
      'subjects must be a non-empty array',
    ]);
    expect(fields(body({ type: 'a.deleted', tenant: 't', subjects: [] }))).toEqual([
      'subjects must be a non-empty array',
    ]);
    expect(fields(body({ type: 'a.deleted', tenant: 't', subjects: ['a', 'b', 'c'] }))).toEqual([
      'subjects lists more than 2 subjects',
    ]);
  });

  it('expands 100,000 subjects in chunks of 1,000 with deterministic ids, indexes and the batch size', () => {
    const subjects = Array.from({ length: 100_000 }, (_, i) => `c${i + 1}`);
    const scanned = scanBatchBody(
      body({ id: 'b1', type: 'conversation.deleted', tenant: 't1', subjects }),
      1_000_000,
    );
    if (!scanned.ok) throw new Error('expected a valid batch');
    let largestChunk = 0;
    let count = 0;
    const ids = new Set<string>();
    for (const chunk of expandBatch(scanned.value, new Date('2026-11-23T10:00:00Z'), 1_000)) {
      largestChunk = Math.max(largestChunk, chunk.length);
      for (const event of chunk) {
        expect(event.batchindex).toBe(count);
        ids.add(event.id);
        count++;
      }
    }
    expect(count).toBe(100_000);
    expect(largestChunk).toBe(1_000);
    expect(ids.size).toBe(100_000);
    const first = expandBatch(scanned.value, new Date(), 1).next().value;
    expect(first?.[0]).toMatchObject({
      id: batchEventId('b1', 'c1'),
      subject: 'c1',
      batchid: 'b1',
      batchindex: 0,
      batchsize: 100_000,
      data: {},
      source: '/hookline/tenants/t1',
    });
  });
});
