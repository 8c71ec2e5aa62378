import type { ReceivedSpan } from './otlp-span';
import { formatTrace, spanTrees } from './span-tree';

const span = (spanId: string, parentSpanId: string, startMs: number, extra: Partial<ReceivedSpan> = {}) =>
  ({
    traceId: 't1',
    spanId,
    parentSpanId,
    name: `span ${spanId}`,
    kind: 'internal',
    service: 'svc',
    resource: {},
    startMs,
    endMs: startMs + 1.5,
    attributes: {},
    links: [],
    status: 'unset',
    ...extra,
  }) satisfies ReceivedSpan;

describe('spanTrees', () => {
  it('nests children under their parents in start order', () => {
    const [root] = spanTrees([span('c', 'a', 3), span('a', '', 1), span('b', 'a', 2), span('d', 'b', 4)]);
    expect(root.span.spanId).toBe('a');
    expect(root.children.map((node) => node.span.spanId)).toEqual(['b', 'c']);
    expect(root.children[0].children.map((node) => node.span.spanId)).toEqual(['d']);
  });

  it('shows a span whose parent never arrived as a root of its own', () => {
    const roots = spanTrees([span('a', '', 1), span('x', 'missing', 2)]);
    expect(roots.map((node) => node.span.spanId)).toEqual(['a', 'x']);
  });
});

describe('formatTrace', () => {
  it('indents each level and prints the chosen attributes', () => {
    const text = formatTrace(
      't1',
      [
        span('a', '', 1, {
          name: 'POST /v1/events',
          kind: 'server',
          attributes: { 'hookline.tenant': 'acme' },
        }),
        span('b', 'a', 2, { status: 'error', statusMessage: 'boom', attributes: { other: 1 } }),
      ],
      { attributePrefixes: ['hookline.'] },
    );
    expect(text.split('\n')).toEqual([
      'trace t1  (2 spans)',
      '  svc  POST /v1/events  (server, 1.5 ms)  hookline.tenant=acme',
      '    svc  span b  (internal, 1.5 ms) ERROR: boom',
    ]);
  });
});

describe('formatTrace values', () => {
  it('keeps each span on one line: multi-line values collapsed, long ones cut', () => {
    const statement = `SELECT *\n  FROM outbox\n  WHERE id > $1 ${'x'.repeat(200)}`;
    const text = formatTrace('t1', [span('a', '', 1, { attributes: { 'db.statement': statement } })]);
    const line = text.split('\n')[1];
    expect(line).toContain('db.statement=SELECT * FROM outbox WHERE id > $1 x');
    expect(line.endsWith('...')).toBe(true);
    expect(text.split('\n')).toHaveLength(2);
  });
});
