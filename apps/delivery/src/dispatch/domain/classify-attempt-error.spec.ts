import { classifyAttemptError } from './classify-attempt-error';

describe('classifyAttemptError', () => {
  it.each([
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'timeout'],
    [Object.assign(new Error('h'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
    [Object.assign(new Error('r'), { code: 'ECONNREFUSED' }), 'connection_refused'],
    [new Error('wrapped', { cause: Object.assign(new Error('d'), { code: 'ENOTFOUND' }) }), 'dns_failure'],
    [Object.assign(new Error('c'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'tls_error'],
    [new Error('mystery'), 'network_error'],
  ])('classifies %s as %s', (error, expected) => {
    expect(classifyAttemptError(error)).toBe(expected);
  });
});
