import { endpointUrlProblem } from './check-endpoint-url';

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
