import { isDatabaseUnavailable } from './ingest-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1')],
    ['an exhausted connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a client-side query timer', new Error('Query read timeout')],
    ['a statement timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['an admin shutdown (57P01)', withCode('57P01')],
    [
      'TypeORM wrapping a driver error',
      Object.assign(new Error('query failed'), { driverError: withCode('57P03') }),
    ],
    ['a cause chain', new Error('outer', { cause: withCode('ECONNRESET') })],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ])('treats %s as unavailable (503)', (_, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a unique violation (23505)', withCode('23505', 'duplicate key')],
    ['a syntax error (42601)', withCode('42601')],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['not an error', 'string'],
  ])('treats %s as a fault (500)', (_, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
