import type { AttributeValue, ReceivedSpan } from './otlp-span';

export interface SpanNode {
  span: ReceivedSpan;
  children: SpanNode[];
}

/**
 * A trace's spans as trees, children in start order. A span whose parent was not received (another
 * service has not exported it yet, or it was sampled out) is shown as a root, so nothing is hidden.
 */
export function spanTrees(spans: ReceivedSpan[]): SpanNode[] {
  const nodes = new Map(spans.map((span) => [span.spanId, { span, children: [] as SpanNode[] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = nodes.get(node.span.parentSpanId);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.span.startMs - b.span.startMs;
  const sort = (list: SpanNode[]) => {
    list.sort(byStart);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

export interface FormatOptions {
  /** Attribute keys to print (prefix match, e.g. `hookline.`); all attributes when undefined. */
  attributePrefixes?: string[];
}

/** One trace as an indented tree: `service  span name  (kind, duration)  key=value …`. */
export function formatTrace(traceId: string, spans: ReceivedSpan[], options: FormatOptions = {}): string {
  const lines = [`trace ${traceId}  (${spans.length} spans)`];
  const walk = (node: SpanNode, depth: number) => {
    const { span } = node;
    const duration = `${(span.endMs - span.startMs).toFixed(1)} ms`;
    const status =
      span.status === 'error' ? ` ERROR${span.statusMessage ? `: ${span.statusMessage}` : ''}` : '';
    const attributes = Object.entries(span.attributes)
      .filter(([key]) => options.attributePrefixes?.some((prefix) => key.startsWith(prefix)) ?? true)
      .map(([key, value]) => `${key}=${formatValue(value)}`)
      .join(' ');
    const links = span.links.length > 0 ? ` links=${span.links.length}` : '';
    lines.push(
      `${'  '.repeat(depth + 1)}${span.service}  ${span.name}  (${span.kind}, ${duration})${status}${links}` +
        (attributes === '' ? '' : `  ${attributes}`),
    );
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of spanTrees(spans)) walk(root, 0);
  return lines.join('\n');
}

/** One line per span: whitespace (multi-line SQL) collapsed, long values cut. */
function formatValue(value: AttributeValue): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
