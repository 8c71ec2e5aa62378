import { endpointUrlProblem, isEndpointUrl, normalizeEndpointUrl } from './endpoint-url';
import { validateSubscriptionRecord } from './subscription-records.schema';

describe('endpointUrlProblem', () => {
  it('accepts https always and http only where configuration allows it', () => {
    expect(endpointUrlProblem('https://hooks.example.com/in', false)).toBeUndefined();
    expect(endpointUrlProblem('http://hooks.example.com/in', false)).toBe('url must use https');
    expect(endpointUrlProblem('http://hooks.example.com/in', true)).toBeUndefined();
  });

  it.each([
    ['not a url', 'url is not a valid absolute URL'],
    ['/relative/path', 'url is not a valid absolute URL'],
    ['ftp://files.example.com/', 'url must use http or https'],
    ['https://user:pass@hooks.example.com/', 'url must not contain credentials'],
  ])('refuses %s', (url, reason) => {
    expect(endpointUrlProblem(url, true)).toBe(reason);
  });
});

describe('normalizeEndpointUrl', () => {
  it.each([
    // WHATWG leaves `|` in a path as it is; RFC 3986 (`format: uri`) refused it, so replicas skipped such records.
    ['https://hooks.example.com/a|b', 'https://hooks.example.com/a|b'],
    ['https://hooks.example.com/a b?q=1 2', 'https://hooks.example.com/a%20b?q=1%202'],
    ['HTTPS://Hooks.Example.COM:443/in', 'https://hooks.example.com/in'],
    ['https://hooks.example.com', 'https://hooks.example.com/'],
  ])('stores %s as %s', (raw, stored) => {
    expect(normalizeEndpointUrl(raw)).toBe(stored);
  });

  it('leaves a URL that does not parse as it is (the API refuses it)', () => {
    expect(normalizeEndpointUrl('not a url')).toBe('not a url');
  });
});

describe('the replicas use the same rule', () => {
  const endpointRecord = (url: string) => ({
    kind: 'endpoint',
    id: 'ep_1',
    tenantId: 'acme',
    url,
    eventTypes: ['*'],
    entityTypes: [],
    headers: {},
    enabled: true,
    secrets: [],
    version: 1,
    updatedAt: '2026-12-01T00:00:00.000Z',
  });

  it.each(['https://hooks.example.com/a|b', 'https://hooks.example.com/a b', 'http://10.0.0.1:8080/x'])(
    'applies a record whose URL the API accepts (%s), stored or not yet normalised',
    (url) => {
      expect(isEndpointUrl(url)).toBe(true);
      expect(validateSubscriptionRecord(endpointRecord(url)).ok).toBe(true);
      expect(validateSubscriptionRecord(endpointRecord(normalizeEndpointUrl(url))).ok).toBe(true);
    },
  );

  it.each(['ftp://files.example.com/', 'not a url', 'https://u:p@hooks.example.com/'])(
    'refuses a record whose URL the API would refuse (%s)',
    (url) => {
      expect(validateSubscriptionRecord(endpointRecord(url)).ok).toBe(false);
    },
  );
});
