/**
 * The deepest nesting of objects and arrays any JSON document Hookline reads may have: HTTP bodies and Kafka
 * records alike. `JSON.parse` copes with any depth, but `JSON.stringify`, Ajv and every recursive walk after
 * it throw a RangeError somewhere past a few thousand levels; a record that throws there would be retried
 * instead of refused. 64 leaves room for Hookline's envelopes around tenant data (see MAX_DATA_DEPTH).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest an event's `data` may nest. Lower than MAX_JSON_DEPTH because data travels inside envelopes
 * (the event, a delivery task around the event, a dead letter around that), and each must still parse.
 */
export const MAX_DATA_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Measures the nesting of JSON text as it arrives, chunk by chunk, without parsing it and without recursion
 * (a document 100,000 levels deep costs one pass and three numbers). Only the structural characters outside
 * strings count; they are ASCII, and UTF-8 never uses bytes below 0x80 inside a multi-byte character, so
 * bytes can be scanned as they come. Malformed JSON is not its concern: the parser refuses that afterwards.
 * No JSON library on npm bounds depth before parsing; this is the small part written by hand.
 */
export class JsonDepthGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(readonly limit: number = MAX_JSON_DEPTH) {}

  /** False as soon as the text fed so far nests deeper than the limit. */
  feed(chunk: Uint8Array | string): boolean {
    const text = typeof chunk === 'string';
    let { depth, inString, escaped } = this;
    const limit = this.limit;
    for (let index = 0; index < chunk.length; index++) {
      const code = text ? chunk.charCodeAt(index) : chunk[index];
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) inString = false;
      } else if (code === QUOTE) inString = true;
      else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (++depth > limit) {
          this.depth = depth;
          return false;
        }
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return true;
  }
}

/** Whether JSON text nests deeper than `limit` levels of objects and arrays. */
export function jsonTextTooDeep(text: Uint8Array | string, limit: number = MAX_JSON_DEPTH): boolean {
  return !new JsonDepthGauge(limit).feed(text);
}

/** Whether an already parsed value nests deeper than `limit`; walks with its own stack, never recursion. */
export function jsonValueTooDeep(value: unknown, limit: number): boolean {
  const pending: Array<{ value: object; depth: number }> = [];
  if (isContainer(value)) pending.push({ value, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) {
      if (isContainer(child)) pending.push({ value: child, depth: next.depth + 1 });
    }
  }
  return false;
}

/** The message every refusal of a too-deep document uses, naming the limit. */
export function tooDeepMessage(limit: number): string {
  return `is nested deeper than ${limit} levels of objects and arrays`;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
