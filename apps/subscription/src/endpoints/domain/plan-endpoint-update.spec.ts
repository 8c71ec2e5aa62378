import { planEndpointUpdate, uniqueEntries, type EditableEndpointFields } from './plan-endpoint-update';

const current = (): EditableEndpointFields => ({
  url: 'https://hooks.example.com/in',
  description: 'billing',
  eventTypes: ['customer.*'],
  entityTypes: [],
  headers: { 'x-team': 'billing', 'x-env': 'prod' },
  rateLimitPerSecond: null,
});

describe('planEndpointUpdate', () => {
  it('is empty when every given value equals the current one (header order does not matter)', () => {
    const plan = planEndpointUpdate(current(), {
      description: 'billing',
      eventTypes: ['customer.*'],
      headers: { 'x-env': 'prod', 'x-team': 'billing' },
      rateLimitPerSecond: null,
    });
    expect(plan).toEqual({ patch: {}, changedFields: [] });
  });

  it('patches only what changed and names it', () => {
    const plan = planEndpointUpdate(current(), {
      description: 'payments',
      rateLimitPerSecond: 10,
      entityTypes: [],
    });
    expect(plan).toEqual({
      patch: { description: 'payments', rateLimitPerSecond: 10 },
      changedFields: ['description', 'rateLimitPerSecond'],
    });
  });

  it('clears a rate limit with null', () => {
    const limited = { ...current(), rateLimitPerSecond: 5 };
    expect(planEndpointUpdate(limited, { rateLimitPerSecond: null }).patch).toEqual({
      rateLimitPerSecond: null,
    });
  });

  it('resets verification when the URL changes', () => {
    const plan = planEndpointUpdate(current(), { url: 'https://other.example.com/in' });
    expect(plan.patch).toEqual({
      url: 'https://other.example.com/in',
      verificationStatus: 'unverified',
      verificationCheckedAt: null,
      verificationError: null,
    });
  });
});

describe('uniqueEntries', () => {
  it('drops repeated filter entries, keeping order', () => {
    expect(uniqueEntries(['a.*', 'b.created', 'a.*'])).toEqual(['a.*', 'b.created']);
  });
});
