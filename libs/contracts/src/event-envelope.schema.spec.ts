import { validateHooklineEvent } from './event-envelope.schema';
import { toCanonicalEvent, validateIngestEvent } from './ingest-event';

const canonical = () => ({
  specversion: '1.0',
  id: 'evt-1',
  source: '/hookline/tenants/t1',
  type: 'conversation.deleted',
  subject: 'c-42',
  time: '2026-11-23T10:00:00.000Z',
  tenantid: 't1',
  datacontenttype: 'application/json',
  data: { id: 'c-42' },
});

describe('validateHooklineEvent', () => {
  it('accepts a canonical CloudEvents envelope', () => {
    expect(validateHooklineEvent(canonical())).toEqual({ ok: true, value: canonical() });
  });

  it('reports every faulty field by name', () => {
    const result = validateHooklineEvent({
      ...canonical(),
      type: 'Deleted',
      time: 'yesterday',
      tenantid: undefined,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.field).sort()).toEqual(['tenantid', 'time', 'type']);
  });

  it('requires batchindex and batchsize whenever batchid is present', () => {
    const result = validateHooklineEvent({ ...canonical(), batchid: 'b1' });
    expect(result.ok).toBe(false);
  });

  it('rejects attributes it does not know', () => {
    const result = validateHooklineEvent({ ...canonical(), surprise: true });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'surprise', message: 'is not an allowed property' }],
    });
  });
});

describe('ingest events', () => {
  it('accept `tenant` as the tenant attribute and fill in id, source and time', () => {
    const ingest = { type: 'customer.created', subject: 'cus_1', tenant: 't1', data: { name: 'Ada' } };
    const validated = validateIngestEvent(ingest);
    expect(validated.ok).toBe(true);
    const event = toCanonicalEvent(ingest, {
      now: new Date('2026-11-23T10:00:00Z'),
      defaultSource: '/upstream',
      generateId: () => 'generated-id',
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: 'generated-id',
      source: '/upstream',
      type: 'customer.created',
      subject: 'cus_1',
      time: '2026-11-23T10:00:00.000Z',
      tenantid: 't1',
      datacontenttype: 'application/json',
      data: { name: 'Ada' },
    });
    expect(validateHooklineEvent(event).ok).toBe(true);
  });

  it('must name exactly one tenant attribute', () => {
    expect(validateIngestEvent({ type: 'a.b', subject: 's', data: {} }).ok).toBe(false);
    expect(validateIngestEvent({ type: 'a.b', subject: 's', data: {}, tenant: 't', tenantid: 't' }).ok).toBe(
      false,
    );
  });
});
