import type { HooklineEvent } from '@hookline/contracts';
import { attemptResultAttributes, attemptSpanAttributes } from './attempt-span-attributes';
import type { DeliveryTask } from './delivery-task';

const task = {
  event: { id: 'evt_1', tenantid: 'acme', type: 'customer.created' } as HooklineEvent,
  endpointId: 'ep_1',
  webhookId: 'msg_1',
  attempt: 3,
} as DeliveryTask;

describe('attemptSpanAttributes', () => {
  it("names the attempt and the receiver's host, never the URL's path, query or user info", () => {
    const attributes = attemptSpanAttributes(task, 'https://user:pw@hooks.example.com/in?token=s3cr3t');
    expect(attributes).toEqual({
      'hookline.event_id': 'evt_1',
      'hookline.tenant': 'acme',
      'hookline.event_type': 'customer.created',
      'hookline.endpoint_id': 'ep_1',
      'hookline.webhook_id': 'msg_1',
      'hookline.attempt': 3,
      'http.request.method': 'POST',
      'server.address': 'hooks.example.com',
      'server.port': 443,
    });
    expect(JSON.stringify(attributes)).not.toMatch(/s3cr3t|pw|token/);
  });

  it('gives the port of an http URL', () => {
    expect(attemptSpanAttributes(task, 'http://127.0.0.1/x')['server.port']).toBe(80);
    expect(attemptSpanAttributes(task, 'http://127.0.0.1:8080/x')['server.port']).toBe(8080);
  });
});

describe('attemptResultAttributes', () => {
  it('gives the status code, and an error type only when the attempt failed', () => {
    expect(attemptResultAttributes({ kind: 'succeeded', statusCode: 204 })).toEqual({
      'hookline.result': 'succeeded',
      'http.response.status_code': 204,
    });
    expect(
      attemptResultAttributes({
        kind: 'retryable',
        errorClass: 'timeout',
        statusCode: null,
        message: 'timed out',
      }),
    ).toEqual({ 'hookline.result': 'retryable', 'error.type': 'timeout' });
  });
});
