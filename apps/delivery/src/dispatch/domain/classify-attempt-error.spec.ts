import { REFUSED_DESTINATION_MESSAGES } from '@hookline/egress';
import { classifyAttemptError, failedRequestResult } from './classify-attempt-error';

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

describe('failedRequestResult', () => {
  const refusal = (kind: 'blocked' | 'unresolvable', detail: string) =>
    Object.assign(new Error('whatever the error says'), {
      code: 'HOOKLINE_BLOCKED_DESTINATION',
      kind,
      detail,
    });

  it('tells a refused destination in fixed words, final, with the addresses only in the log detail', () => {
    const result = failedRequestResult(
      refusal(
        'blocked',
        'internal.example resolves only to addresses that may not be contacted: 10.0.0.5 is blocked (private)',
      ),
    );
    expect(result).toEqual({
      kind: 'permanent',
      errorClass: 'blocked_address',
      statusCode: null,
      message: REFUSED_DESTINATION_MESSAGES.blocked,
      detail: expect.stringContaining('10.0.0.5') as unknown,
    });
    expect(JSON.stringify({ ...result, detail: undefined })).not.toMatch(/10\.0\.0\.5|private|internal/);
  });

  it('finds the refusal inside a wrapping error, and keeps an unresolvable host retryable', () => {
    const wrapped = new Error('connect failed', { cause: refusal('unresolvable', 'x.example: ENOTFOUND') });
    expect(failedRequestResult(wrapped)).toMatchObject({
      kind: 'retryable',
      errorClass: 'dns_failure',
      message: REFUSED_DESTINATION_MESSAGES.unresolvable,
      detail: 'x.example: ENOTFOUND',
    });
  });

  it('keeps other failures as they are, with no detail', () => {
    expect(
      failedRequestResult(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toEqual({
      kind: 'retryable',
      errorClass: 'connection_refused',
      statusCode: null,
      message: 'connect ECONNREFUSED',
    });
  });
});
