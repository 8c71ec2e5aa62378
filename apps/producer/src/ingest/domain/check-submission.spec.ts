import type { EventTypeRecord } from '@hookline/contracts';
import { checkSubmission, type PolicyContext } from './check-submission';
import { DataSchemaCache, type EventCatalog } from './event-policy';
import { parseSubmission } from './parse-submission';

const registered = (
  type: string,
  schema: Record<string, unknown> | null,
  archived = false,
): EventTypeRecord => ({
  kind: 'event-type',
  tenantId: 't1',
  type,
  description: '',
  schema,
  archived,
  version: 1,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
});

function catalogWith(types: EventTypeRecord[]): EventCatalog {
  return {
    isTenantKnown: (tenantId) => tenantId === 't1',
    eventType: (tenantId, type) => types.find((t) => t.tenantId === tenantId && t.type === type),
  };
}

const invoiceSchema = { type: 'object', required: ['amount'], properties: { amount: { type: 'number' } } };

function check(
  body: unknown,
  types: EventTypeRecord[] = [],
  requireKnownTenant = true,
  origin: 'upstream' | 'hookline' = 'upstream',
) {
  const parsed = parseSubmission(body, { maxBatchSubjects: 100, batchIdFor: () => 'b' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const context: PolicyContext = {
    catalog: catalogWith(types),
    schemas: new DataSchemaCache(),
    options: { requireKnownTenant, maxDataBytes: 1_000 },
    origin,
  };
  return checkSubmission(context, parsed.value);
}

const event = (type: string, data: Record<string, unknown> = {}, tenant = 't1') => ({
  type,
  subject: 's1',
  tenant,
  data,
});

describe('checkSubmission: the tenant rules', () => {
  it.each(['created', 'updated', 'deleted', 'restored', 'deleted_forever'])(
    'accepts the built-in action %s without registration',
    (action) => expect(check(event(`conversation.${action}`))).toEqual([]),
  );

  it.each(['endpoint.disabled', 'endpoint.failing', 'endpoint.recovered'])(
    "accepts Hookline's operational type %s from Hookline without registration",
    (type) => expect(check(event(type), [], true, 'hookline')).toEqual([]),
  );

  it.each([
    'endpoint.disabled',
    'endpoint.created',
    'webhook.endpoint.verification',
    'endpoint.thing.created',
  ])("refuses %s from upstream: the reserved prefixes are Hookline's word to tenants", (type) =>
    expect(check(event(type))).toEqual([
      {
        field: 'type',
        message:
          "is reserved for Hookline's own notices (endpoint.*, webhook.*); upstream systems cannot publish it",
      },
    ]),
  );

  it('refuses data nested deeper than 32 levels, naming the limit, before measuring its size', () => {
    let data: Record<string, unknown> = {};
    for (let level = 0; level < 40; level++) data = { a: data };
    expect(check(event('order.created', data))).toEqual([
      { field: 'data', message: 'is nested deeper than 32 levels of objects and arrays' },
    ]);
  });

  it('refuses an unregistered custom action, and an archived one', () => {
    expect(check(event('invoice.paid'))).toEqual([
      {
        field: 'type',
        message: expect.stringContaining('is not an event type this tenant registered') as string,
      },
    ]);
    expect(check(event('invoice.paid'), [registered('invoice.paid', null, true)])).toEqual([
      { field: 'type', message: 'is an archived event type' },
    ]);
    expect(check(event('invoice.paid'), [registered('invoice.paid', null)])).toEqual([]);
  });

  it('validates data against a registered schema, built-in actions included, and names the field', () => {
    const types = [registered('invoice.paid', invoiceSchema), registered('invoice.created', invoiceSchema)];
    expect(check(event('invoice.paid', { amount: 'ten' }), types)).toEqual([
      { field: 'data.amount', message: 'must be number' },
    ]);
    expect(check(event('invoice.created', {}), types)).toEqual([
      { field: 'data.amount', message: 'is required' },
    ]);
    expect(check(event('invoice.paid', { amount: 10 }), types)).toEqual([]);
  });

  it('refuses an unknown tenant unless configured not to', () => {
    expect(check(event('a.created', {}, 'nobody'))).toEqual([
      { field: 'tenant', message: '"nobody" is not a known tenant' },
    ]);
    expect(check(event('a.created', {}, 'nobody'), [], false)).toEqual([]);
  });

  it('prefixes the index of the faulty event in an array', () => {
    expect(check([event('a.created'), event('a.exploded')])[0]?.field).toBe('[1].type');
  });

  it('checks each batch subject that brings its own data, and the shared data once', () => {
    const types = [registered('invoice.deleted_forever', invoiceSchema)];
    const errors = check(
      {
        type: 'invoice.deleted_forever',
        tenant: 't1',
        data: { amount: 'x' },
        subjects: [{ subject: 'i1', data: { amount: 1 } }, { subject: 'i2', data: {} }, 'i3', 'i4'],
      },
      types,
    );
    expect(errors).toEqual([
      { field: 'subjects[1].data.amount', message: 'is required' },
      { field: 'data.amount', message: 'must be number' },
    ]);
  });

  it('refuses data over the size limit, per event and per batch subject', () => {
    expect(check(event('a.created', { blob: 'x'.repeat(2_000) }))[0]).toEqual({
      field: 'data',
      message: expect.stringMatching(/^is 2011 bytes as JSON, over the limit of 1000$/) as string,
    });
    const batch = {
      type: 'a.deleted_forever',
      tenant: 't1',
      subjects: ['a', { subject: 'b', data: { blob: 'x'.repeat(2_000) } }],
    };
    expect(check(batch)[0]?.field).toBe('subjects[1].data');
  });

  it('refuses a registered schema that does not compile, with the reason', () => {
    const broken = [registered('invoice.paid', { type: 'object', properties: { a: { type: 'nonsense' } } })];
    expect(check(event('invoice.paid'), broken)[0]?.message).toMatch(/does not compile/);
  });
});
