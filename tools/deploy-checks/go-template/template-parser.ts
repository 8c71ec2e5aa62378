import { type GoInt, TemplateError } from './go-values';
import { lexTemplate, type Token } from './template-lexer';

export type Operand =
  | { type: 'literal'; value: string | number | boolean | GoInt | null }
  | { type: 'dot' }
  | { type: 'field'; path: string[] }
  | { type: 'variable'; name: string; path: string[] }
  | { type: 'function'; name: string }
  | { type: 'pipeline'; pipeline: Pipeline; path: string[] };

export interface Pipeline {
  /** `$a := …` / `$a = …`, or `$k, $v := …` in a range. */
  declare?: { names: string[]; assign: boolean };
  commands: Operand[][];
}

export type TemplateNode =
  | { type: 'text'; text: string }
  | { type: 'action'; pipeline: Pipeline; where: string }
  | {
      type: 'if';
      branches: { pipeline: Pipeline; body: TemplateNode[] }[];
      otherwise?: TemplateNode[];
      where: string;
    }
  | {
      type: 'range' | 'with';
      pipeline: Pipeline;
      body: TemplateNode[];
      otherwise?: TemplateNode[];
      where: string;
    }
  | { type: 'template'; name: string; pipeline?: Pipeline; where: string };

/** `range` and `with`: a pipeline, a body, and an optional else. */
export interface BlockNode {
  type: 'range' | 'with';
  pipeline: Pipeline;
  body: TemplateNode[];
  otherwise?: TemplateNode[];
  where: string;
}

export interface ParsedTemplate {
  body: TemplateNode[];
  defines: Map<string, TemplateNode[]>;
}

type Terminator = { keyword: 'end' | 'else'; rest: Token[]; where: string } | undefined;

/** Parses the subset of Go's text/template that the chart uses; anything else is an error, never ignored. */
export function parseTemplate(source: string, file: string): ParsedTemplate {
  const items = lexTemplate(source, file);
  const defines = new Map<string, TemplateNode[]>();
  let index = 0;

  function parseList(allowElse: boolean): { nodes: TemplateNode[]; terminator: Terminator } {
    const nodes: TemplateNode[] = [];
    while (index < items.length) {
      const item = items[index++];
      if (item.type === 'text') {
        nodes.push({ type: 'text', text: item.text });
        continue;
      }
      const where = `${file}:${item.line}`;
      const [first, ...rest] = item.tokens;
      const keyword = first?.type === 'identifier' ? first.name : undefined;
      switch (keyword) {
        case 'end':
          return { nodes, terminator: { keyword: 'end', rest, where } };
        case 'else':
          if (!allowElse) throw new TemplateError(`${where}: unexpected else`);
          return { nodes, terminator: { keyword: 'else', rest, where } };
        case 'if':
          nodes.push(parseIf(rest, where));
          break;
        case 'range':
        case 'with':
          nodes.push(parseBlock(keyword, rest, where));
          break;
        case 'define':
          parseDefine(rest, where);
          break;
        case 'template': {
          const [name, ...argument] = rest;
          if (name?.type !== 'string') throw new TemplateError(`${where}: template needs a quoted name`);
          const pipeline = argument.length > 0 ? parsePipeline(argument, where) : undefined;
          nodes.push({ type: 'template', name: name.value, pipeline, where });
          break;
        }
        case undefined:
          nodes.push({ type: 'action', pipeline: parsePipeline(item.tokens, where), where });
          break;
        case 'block':
        case 'break':
        case 'continue':
          throw new TemplateError(`${where}: "${keyword}" is outside the renderer's subset`);
        default:
          nodes.push({ type: 'action', pipeline: parsePipeline(item.tokens, where), where });
      }
    }
    return { nodes, terminator: undefined };
  }

  function expectEnd(terminator: Terminator, what: string, where: string): void {
    if (terminator?.keyword !== 'end') throw new TemplateError(`${where}: ${what} without end`);
    if (terminator.rest.length > 0)
      throw new TemplateError(`${terminator.where}: unexpected tokens after end`);
  }

  function parseIf(tokens: Token[], where: string): TemplateNode {
    const branches: { pipeline: Pipeline; body: TemplateNode[] }[] = [];
    let condition = tokens;
    for (;;) {
      const { nodes, terminator } = parseList(true);
      branches.push({ pipeline: parsePipeline(condition, where), body: nodes });
      if (terminator?.keyword !== 'else') {
        expectEnd(terminator, 'if', where);
        return { type: 'if', branches, where };
      }
      const [next, ...rest] = terminator.rest;
      if (next === undefined) {
        const otherwise = parseList(false);
        expectEnd(otherwise.terminator, 'else', where);
        return { type: 'if', branches, otherwise: otherwise.nodes, where };
      }
      if (next.type !== 'identifier' || next.name !== 'if') {
        throw new TemplateError(`${terminator.where}: only "else" and "else if" are in the subset`);
      }
      condition = rest;
    }
  }

  function parseBlock(type: 'range' | 'with', tokens: Token[], where: string): TemplateNode {
    const pipeline = parsePipeline(tokens, where);
    const { nodes, terminator } = parseList(true);
    if (terminator?.keyword === 'else') {
      if (terminator.rest.length > 0) throw new TemplateError(`${terminator.where}: only a plain else here`);
      const otherwise = parseList(false);
      expectEnd(otherwise.terminator, type, where);
      return { type, pipeline, body: nodes, otherwise: otherwise.nodes, where };
    }
    expectEnd(terminator, type, where);
    return { type, pipeline, body: nodes, where };
  }

  function parseDefine(tokens: Token[], where: string): void {
    const [name] = tokens;
    if (name?.type !== 'string' || tokens.length !== 1)
      throw new TemplateError(`${where}: define needs a name`);
    const { nodes, terminator } = parseList(false);
    expectEnd(terminator, 'define', where);
    defines.set(name.value, nodes);
  }

  const { nodes, terminator } = parseList(false);
  if (terminator !== undefined)
    throw new TemplateError(`${terminator.where}: unexpected ${terminator.keyword}`);
  return { body: nodes, defines };
}

/** `[$a[, $b] :=|=] command | command …`; a command is operands, the first a function name or a value. */
export function parsePipeline(tokens: Token[], where: string): Pipeline {
  let rest = tokens;
  let declare: Pipeline['declare'];
  const declareAt = tokens.findIndex((token) => token.type === 'declare' || token.type === 'assign');
  if (declareAt !== -1) {
    const names = tokens
      .slice(0, declareAt)
      .filter((token) => token.type !== 'comma')
      .map((token) => {
        if (token.type !== 'variable' || token.path.length > 0)
          throw new TemplateError(`${where}: bad declaration`);
        return token.name;
      });
    declare = { names, assign: tokens[declareAt].type === 'assign' };
    rest = tokens.slice(declareAt + 1);
  }
  const commands: Operand[][] = [[]];
  let position = 0;
  while (position < rest.length) {
    const token = rest[position];
    position += 1;
    if (token.type === 'pipe') {
      commands.push([]);
      continue;
    }
    if (token.type === 'open') {
      const close = matchingClose(rest, position - 1, where);
      const inner = parsePipeline(rest.slice(position, close), where);
      position = close + 1;
      const chained = rest[position];
      const path = chained?.type === 'field' && !chained.spaced ? chained.path : [];
      if (path.length > 0) position += 1;
      commands.at(-1)!.push({ type: 'pipeline', pipeline: inner, path });
      continue;
    }
    commands.at(-1)!.push(toOperand(token, where));
  }
  if (commands.some((command) => command.length === 0)) throw new TemplateError(`${where}: empty command`);
  return { declare, commands };
}

function matchingClose(tokens: Token[], open: number, where: string): number {
  let depth = 0;
  for (let index = open; index < tokens.length; index += 1) {
    const type = tokens[index].type;
    if (type === 'open') depth += 1;
    if (type === 'close') depth -= 1;
    if (depth === 0) return index;
  }
  throw new TemplateError(`${where}: unclosed parenthesis`);
}

function toOperand(token: Token, where: string): Operand {
  switch (token.type) {
    case 'string':
    case 'number':
    case 'bool':
      return { type: 'literal', value: token.value };
    case 'nil':
      return { type: 'literal', value: null };
    case 'dot':
      return { type: 'dot' };
    case 'field':
      return { type: 'field', path: token.path };
    case 'variable':
      return { type: 'variable', name: token.name, path: token.path };
    case 'identifier':
      return { type: 'function', name: token.name };
    case 'pipe':
    case 'open':
    case 'close':
    case 'declare':
    case 'assign':
    case 'comma':
      throw new TemplateError(`${where}: unexpected "${token.type}"`);
  }
}
