import { GoInt, TemplateError } from './go-values';

/** One token inside `{{ … }}`. `spaced` says whether whitespace preceded it (Go tells `x).y` from `x) .y`). */
export type Token = { spaced: boolean } & (
  | { type: 'string'; value: string }
  | { type: 'number'; value: GoInt | number }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'dot' }
  | { type: 'field'; path: string[] }
  | { type: 'variable'; name: string; path: string[] }
  | { type: 'identifier'; name: string }
  | { type: 'pipe' | 'open' | 'close' | 'declare' | 'assign' | 'comma' }
);

export type Item = { type: 'text'; text: string } | { type: 'action'; tokens: Token[]; line: number };

const WHITESPACE = /[ \t\r\n]/;
const NAME = /[A-Za-z0-9_]/;

/**
 * Splits a template into text and actions, applying the `{{-` / `-}}` whitespace trimming and dropping
 * comments, as Go's text/template lexer does.
 */
export function lexTemplate(source: string, file: string): Item[] {
  const items: Item[] = [];
  let position = 0;
  let trimNextText = false;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    let text = source.slice(position, open === -1 ? source.length : open);
    if (trimNextText) text = text.replace(/^[ \t\r\n]+/, '');
    trimNextText = false;
    if (open === -1) {
      pushText(items, text);
      break;
    }
    const line = source.slice(0, open).split('\n').length;
    let start = open + 2;
    if (source[start] === '-' && WHITESPACE.test(source[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      start += 1;
    }
    pushText(items, text);
    const action = readAction(source, start, `${file}:${line}`);
    trimNextText = action.trimAfter;
    position = action.end;
    if (action.tokens !== undefined) items.push({ type: 'action', tokens: action.tokens, line });
  }
  return items;
}

function pushText(items: Item[], text: string): void {
  if (text !== '') items.push({ type: 'text', text });
}

interface ActionRead {
  tokens?: Token[];
  end: number;
  trimAfter: boolean;
}

function readAction(source: string, start: number, where: string): ActionRead {
  const afterSpace = source.slice(start).match(/^[ \t\r\n]*/)?.[0].length ?? 0;
  if (source.startsWith('/*', start + afterSpace)) {
    const close = source.indexOf('*/', start + afterSpace + 2);
    if (close === -1) throw new TemplateError(`${where}: unclosed comment`);
    const rest = /^([ \t\r\n]+-)?\}\}/.exec(source.slice(close + 2));
    if (rest === null) throw new TemplateError(`${where}: comment must end the action`);
    return { end: close + 2 + rest[0].length, trimAfter: rest[1] !== undefined };
  }
  const tokens: Token[] = [];
  let index = start;
  for (;;) {
    const spaceStart = index;
    while (WHITESPACE.test(source[index] ?? '')) index += 1;
    const spaced = index > spaceStart || index === start;
    if (index >= source.length) throw new TemplateError(`${where}: unclosed action`);
    if (source.startsWith('}}', index)) return { tokens, end: index + 2, trimAfter: false };
    if (source.startsWith('-}}', index) && index > spaceStart) {
      return { tokens, end: index + 3, trimAfter: true };
    }
    const token = readToken(source, index, spaced, where);
    tokens.push(token.token);
    index = token.end;
  }
}

function readToken(
  source: string,
  index: number,
  spaced: boolean,
  where: string,
): { token: Token; end: number } {
  const char = source[index] ?? '';
  const simple: Record<string, Token['type']> = { '|': 'pipe', '(': 'open', ')': 'close', ',': 'comma' };
  const simpleType = simple[char];
  if (simpleType !== undefined) return { token: { type: simpleType, spaced } as Token, end: index + 1 };
  if (source.startsWith(':=', index)) return { token: { type: 'declare', spaced }, end: index + 2 };
  if (char === '=') return { token: { type: 'assign', spaced }, end: index + 1 };
  if (char === '"' || char === '`') return readString(source, index, spaced, where);
  if (/[0-9]/.test(char) || (char === '-' && /[0-9]/.test(source[index + 1] ?? ''))) {
    const match = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(index))?.[0] ?? '';
    const value = match.includes('.') ? Number(match) : new GoInt(Number(match));
    return { token: { type: 'number', value, spaced }, end: index + match.length };
  }
  if (char === '.' || char === '$') {
    const match = /^(\$[A-Za-z0-9_]*)?((\.[A-Za-z0-9_]+)*)(\.)?/.exec(source.slice(index))?.[0] ?? '';
    const [head = '', ...path] = match.split('.');
    const fields = path.filter((part) => part !== '');
    if (head.startsWith('$'))
      return { token: { type: 'variable', name: head, path: fields, spaced }, end: index + match.length };
    if (fields.length === 0) return { token: { type: 'dot', spaced }, end: index + 1 };
    return { token: { type: 'field', path: fields, spaced }, end: index + match.length };
  }
  if (NAME.test(char)) {
    let end = index;
    while (NAME.test(source[end] ?? '')) end += 1;
    const name = source.slice(index, end);
    if (name === 'true' || name === 'false')
      return { token: { type: 'bool', value: name === 'true', spaced }, end };
    if (name === 'nil') return { token: { type: 'nil', spaced }, end };
    return { token: { type: 'identifier', name, spaced }, end };
  }
  throw new TemplateError(`${where}: unexpected character ${JSON.stringify(char)}`);
}

function readString(
  source: string,
  index: number,
  spaced: boolean,
  where: string,
): { token: Token; end: number } {
  if (source[index] === '`') {
    const close = source.indexOf('`', index + 1);
    if (close === -1) throw new TemplateError(`${where}: unclosed raw string`);
    return { token: { type: 'string', value: source.slice(index + 1, close), spaced }, end: close + 1 };
  }
  const match = /^"(?:[^"\\\n]|\\.)*"/.exec(source.slice(index));
  if (match === null) throw new TemplateError(`${where}: unclosed string`);
  // Go's escapes that charts use (\n \t \" \\) are JSON's too.
  return {
    token: { type: 'string', value: JSON.parse(match[0]) as string, spaced },
    end: index + match[0].length,
  };
}
