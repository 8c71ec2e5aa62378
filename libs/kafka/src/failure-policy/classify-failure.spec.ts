import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { InvalidRecordError, classifyFailure } from './classify-failure';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('classifyFailure', () => {
  it('calls an InvalidRecordError invalid, even when wrapped', () => {
    expect(classifyFailure(new InvalidRecordError('data: too deep'))).toBe('invalid');
    expect(classifyFailure(new Error('outer', { cause: new InvalidRecordError('x') }))).toBe('invalid');
  });

  it('calls Kafka unreachable an infrastructure failure, through kafkajs retries too', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    expect(classifyFailure(refused)).toBe('infrastructure');
    expect(
      classifyFailure(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 1 })),
    ).toBe('infrastructure');
  });

  it('tells a retriable Kafka protocol error (cluster moving) from a non-retriable one (record too large)', () => {
    const protocolError = (type: string, code: number, retriable: boolean) =>
      new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));
    const notLeader = protocolError('NOT_LEADER_FOR_PARTITION', 6, true);
    const tooLarge = protocolError('MESSAGE_TOO_LARGE', 10, false);
    expect(classifyFailure(notLeader)).toBe('infrastructure');
    expect(classifyFailure(tooLarge)).toBe('handler');
  });

  it('calls Postgres unreachable, shutting down or in a deadlock an infrastructure failure', () => {
    expect(classifyFailure(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      'infrastructure',
    );
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('infrastructure');
    expect(classifyFailure(new Error('timeout exceeded when trying to connect'))).toBe('infrastructure');
    expect(classifyFailure(withCode('terminating connection due to administrator command', '57P01'))).toBe(
      'infrastructure',
    );
    expect(classifyFailure(withCode('connection failure', '08006'))).toBe('infrastructure');
    expect(classifyFailure(withCode('deadlock detected', '40P01'))).toBe('infrastructure');
    // TypeORM wraps the driver's error.
    const wrapped = Object.assign(new Error('query failed'), { driverError: withCode('too many', '53300') });
    expect(classifyFailure(wrapped)).toBe('infrastructure');
  });

  it('calls everything else a handler failure: bugs, constraint violations, stack overflows', () => {
    expect(classifyFailure(new RangeError('Maximum call stack size exceeded'))).toBe('handler');
    expect(classifyFailure(withCode('duplicate key value violates unique constraint', '23505'))).toBe(
      'handler',
    );
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      'handler',
    );
    expect(classifyFailure('a string')).toBe('handler');
    expect(classifyFailure(undefined)).toBe('handler');
  });

  it('stops at a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyFailure(a)).toBe('handler');
  });
});
