import { customHeaderProblems, normalizeHeaders } from './custom-headers';
import { HEADER_VALUE_MASK } from './sealed-header-values';

describe('customHeaderProblems', () => {
  it('accepts ordinary custom headers', () => {
    expect(customHeaderProblems({ 'X-Team': 'billing', Authorization: 'Bearer receiver-token' })).toEqual([]);
  });

  it.each([
    'webhook-id',
    'Webhook-Signature',
    'webhook-anything',
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'upgrade',
    'proxy-authorization',
    'te',
    'trailer',
    'Host',
    'content-length',
    'Content-Type',
    'user-agent',
    'traceparent',
  ])('refuses %s, naming the header', (name) => {
    const problems = customHeaderProblems({ [name]: 'x' });
    expect(problems).toHaveLength(1);
    expect(problems[0].field).toBe(`headers.${name}`);
  });

  it('refuses invalid names, non-string values, line breaks and case-insensitive duplicates', () => {
    const problems = customHeaderProblems({
      'bad name': 'x',
      'x-number': 42,
      'x-split': 'a\r\nInjected: yes',
      'x-control': 'a\u0001b',
      'x-wide': 'snowman \u2603',
      'X-Dup': 'a',
      'x-dup': 'b',
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual([
      'headers.bad name',
      'headers.x-control',
      'headers.x-dup',
      'headers.x-number',
      'headers.x-split',
      'headers.x-wide',
    ]);
  });

  it('accepts what a receiver can be sent: tabs, Latin-1, and the mask that keeps a stored value', () => {
    expect(
      customHeaderProblems({ 'x-tab': 'a\tb', 'x-latin': 'café', authorization: HEADER_VALUE_MASK }),
    ).toEqual([]);
  });

  it('limits the number of headers', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`x-h${i}`, 'v']));
    expect(customHeaderProblems(many)).toEqual([{ field: 'headers', message: 'at most 20 headers' }]);
  });

  it('stores names lowercase and values trimmed', () => {
    expect(normalizeHeaders({ 'X-Team': ' billing ' })).toEqual({ 'x-team': 'billing' });
  });
});
