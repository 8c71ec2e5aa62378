import { TokenParser, TokenType, Tokenizer } from '@streamparser/json';
import {
  contentBatchId,
  validateIngestBatchHeader,
  validateIngestBatchSubject,
  type FieldError,
  type IngestBatchSubject,
  type Validated,
} from '@hookline/contracts';
import type { BatchSubmission } from './submission';

const HEADER_KEYS = [
  'specversion',
  'id',
  'type',
  'tenant',
  'tenantid',
  'source',
  'time',
  'data',
  'datacontenttype',
];
const SLICE_BYTES = 64 * 1024;
const MAX_ERRORS = 100;

interface BodyShape {
  header: Record<string, unknown>;
  rootIsObject: boolean;
  subjectsIsArray: boolean | undefined;
}

/**
 * Yields the entries of `subjects` from a raw JSON batch body one at a time, and returns the batch's other
 * fields at the end. Only `subjects` is streamed: the entries already yielded are not kept, so memory holds
 * the body's bytes and one slice's entries, never the whole list (let alone its expanded events).
 */
export function* streamBatchBody(body: Buffer): Generator<unknown, BodyShape> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({
    paths: ['$.subjects.*', ...HEADER_KEYS.map((key) => `$.${key}`)],
    keepStack: false,
  });
  const shape: BodyShape = { header: {}, rootIsObject: false, subjectsIsArray: undefined };
  const pending: unknown[] = [];
  let depth = 0;
  let expectingKey = false;
  let key: string | undefined;
  let valueOf: string | undefined;
  tokenizer.onToken = (info) => {
    const { token, value } = info;
    if (depth === 0) shape.rootIsObject = token === TokenType.LEFT_BRACE;
    if (depth === 1 && valueOf === 'subjects') shape.subjectsIsArray = token === TokenType.LEFT_BRACKET;
    if (depth === 1) valueOf = undefined;
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) depth++;
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) depth--;
    else if (depth === 1 && token === TokenType.STRING && expectingKey) {
      key = String(value);
      if (!HEADER_KEYS.includes(key) && key !== 'subjects') shape.header[key] = undefined;
    } else if (depth === 1 && token === TokenType.COLON) valueOf = key;
    expectingKey = depth === 1 && (token === TokenType.LEFT_BRACE || token === TokenType.COMMA);
    parser.write(info);
  };
  parser.onValue = ({ value, stack, key: valueKey }) => {
    if (stack.length === 2) pending.push(value);
    else if (stack.length === 1 && typeof valueKey === 'string') shape.header[valueKey] = value;
  };
  for (let offset = 0; offset < body.length; offset += SLICE_BYTES) {
    tokenizer.write(body.subarray(offset, offset + SLICE_BYTES));
    yield* pending.splice(0);
  }
  tokenizer.end();
  // The tokenizer only knows tokens: a body cut off after a complete token is caught by the parser.
  if (!parser.isEnded) parser.end();
  yield* pending.splice(0);
  return shape;
}

/**
 * First pass over a streamed batch body: checks its JSON, its fields and every entry's shape, and counts the
 * entries. The submission it returns streams the body again for each later pass.
 */
export function scanBatchBody(body: Buffer, maxSubjects: number): Validated<BatchSubmission> {
  const errors: FieldError[] = [];
  let count = 0;
  let shape: BodyShape;
  try {
    const stream = streamBatchBody(body);
    for (let next = stream.next(); ; next = stream.next()) {
      if (next.done === true) {
        shape = next.value;
        break;
      }
      const entry = validateIngestBatchSubject(next.value, count);
      if (!entry.ok && errors.length < MAX_ERRORS) errors.push(...entry.errors);
      count++;
    }
  } catch (error) {
    return {
      ok: false,
      errors: [{ field: '(root)', message: `is not valid JSON (${(error as Error).message})` }],
    };
  }
  if (!shape.rootIsObject) {
    return { ok: false, errors: [{ field: '(root)', message: 'must be a JSON object (a batch operation)' }] };
  }
  if (shape.subjectsIsArray !== true || count === 0) {
    errors.unshift({ field: 'subjects', message: 'must be a non-empty array' });
  }
  if (count > maxSubjects)
    errors.unshift({ field: 'subjects', message: `lists more than ${maxSubjects} subjects` });
  const header = validateIngestBatchHeader(shape.header);
  if (!header.ok) errors.unshift(...header.errors);
  if (!header.ok || errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return {
    ok: true,
    value: {
      kind: 'batch',
      header: header.value,
      batchId: header.value.id ?? contentBatchId(body),
      batchSize: count,
      subjects: () => streamBatchBody(body) as Iterable<IngestBatchSubject>,
    },
  };
}
