import { classifyResponse } from './classify-response';

describe('classifyResponse', () => {
  it.each([
    [200, 'succeeded'],
    [204, 'succeeded'],
    [301, 'retryable'],
    [302, 'retryable'],
    [307, 'retryable'],
    [400, 'permanent'],
    [401, 'permanent'],
    [404, 'permanent'],
    [408, 'retryable'],
    [409, 'retryable'],
    [410, 'gone'],
    [413, 'permanent'],
    [425, 'retryable'],
    [429, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
  ])('%i is %s', (status, kind) => {
    expect(classifyResponse(status).kind).toBe(kind);
  });
});
