import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { singleRecordBatchBytes } from './record-size';
import { findRecordTooLarge, isRecordTooLarge, RecordTooLargeError } from './record-too-large.error';

const record = (value: string, headers?: Record<string, string>) => ({
  topic: 'hookline.subscriptions.v1',
  key: 'tenant:acme',
  value,
  headers,
});

describe('findRecordTooLarge', () => {
  it('lets a record through whose one-record batch is exactly the limit', () => {
    const fits = record('x'.repeat(1_000));
    expect(findRecordTooLarge([fits], singleRecordBatchBytes(fits))).toBeUndefined();
  });

  it('refuses a record one byte over the limit, naming topic, key, size and limit', () => {
    const over = record('x'.repeat(1_000));
    const limit = singleRecordBatchBytes(over) - 1;
    const error = findRecordTooLarge([record('small'), over], limit);
    expect(error).toBeInstanceOf(RecordTooLargeError);
    expect(error).toMatchObject({ topic: over.topic, key: 'tenant:acme', bytes: limit + 1, limit });
    expect(error?.message).toBe(
      `a record for hookline.subscriptions.v1 (key tenant:acme) is ${limit + 1} bytes, over its max.message.bytes of ${limit}`,
    );
  });

  it('counts multi-byte characters and headers as the bytes Kafka sees', () => {
    const ascii = singleRecordBatchBytes(record('aaaa'));
    expect(singleRecordBatchBytes(record('€€€€'))).toBe(ascii + 8);
    expect(singleRecordBatchBytes(record('aaaa', { traceparent: 'x'.repeat(55) }))).toBeGreaterThan(
      ascii + 66,
    );
  });

  it('never puts the value in the error (it can hold secrets)', () => {
    const error = findRecordTooLarge([record('whsec_secretvalue'.repeat(10))], 100);
    expect(error?.message).not.toContain('whsec_');
  });
});

describe('isRecordTooLarge', () => {
  it("recognises Hookline's own refusal and the broker's, also inside kafkajs's retry wrapper", () => {
    // What kafkajs throws for the broker's error code 10 (its types only declare the message argument).
    const broker = Object.assign(
      new KafkaJSProtocolError('The request included a message larger than the max message size'),
      { type: 'MESSAGE_TOO_LARGE', code: 10 },
    );
    expect(isRecordTooLarge(new RecordTooLargeError('t', null, 2, 1))).toBe(true);
    expect(isRecordTooLarge(broker)).toBe(true);
    expect(
      isRecordTooLarge(new KafkaJSNumberOfRetriesExceeded(broker, { retryCount: 5, retryTime: 100 })),
    ).toBe(true);
  });

  it('does not take an outage for a size refusal', () => {
    expect(isRecordTooLarge(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(isRecordTooLarge(undefined)).toBe(false);
  });
});
