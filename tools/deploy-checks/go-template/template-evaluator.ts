import { formatScalar, GoInt, isTruthy, kindOf, TemplateError } from './go-values';
import { SHORT_CIRCUIT, TEMPLATE_FUNCTIONS, type FunctionContext } from './template-functions';
import type { BlockNode, Operand, Pipeline, TemplateNode } from './template-parser';
import type { ValueTracker } from './value-tracker';

/** Variables live until the `end` of the if/with/range that declared them; `$` is the template's data. */
class Scope {
  private readonly frames: Map<string, unknown>[];

  constructor(
    readonly dot: unknown,
    root: unknown,
    frames?: Map<string, unknown>[],
  ) {
    this.frames = frames ?? [new Map([['$', root]])];
  }

  nested(dot: unknown): Scope {
    return new Scope(dot, undefined, [...this.frames, new Map()]);
  }

  declare(name: string, value: unknown): void {
    this.frames.at(-1)!.set(name, value);
  }

  assign(name: string, value: unknown, where: string): void {
    const frame = [...this.frames].reverse().find((candidate) => candidate.has(name));
    if (frame === undefined) throw new TemplateError(`${where}: assignment to undeclared ${name}`);
    frame.set(name, value);
  }

  get(name: string, where: string): unknown {
    const frame = [...this.frames].reverse().find((candidate) => candidate.has(name));
    if (frame === undefined) throw new TemplateError(`${where}: undefined variable ${name}`);
    return frame.get(name);
  }
}

const MAX_INCLUDE_DEPTH = 50;

/** Executes parsed templates against data, with the named templates (`define`) of the whole chart. */
export class TemplateEvaluator {
  private depth = 0;

  constructor(
    private readonly defines: Map<string, TemplateNode[]>,
    private readonly tracker: ValueTracker,
  ) {}

  execute(nodes: TemplateNode[], data: unknown): string {
    return this.run(nodes, new Scope(data, data));
  }

  include(name: string, data: unknown): string {
    const body = this.defines.get(name);
    if (body === undefined) throw new TemplateError(`no template named "${name}"`);
    if (++this.depth > MAX_INCLUDE_DEPTH) throw new TemplateError(`include nested too deep at "${name}"`);
    try {
      return this.execute(body, data);
    } finally {
      this.depth -= 1;
    }
  }

  private run(nodes: TemplateNode[], scope: Scope): string {
    return nodes.map((node) => this.runNode(node, scope)).join('');
  }

  private runNode(node: TemplateNode, scope: Scope): string {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'action': {
        const value = this.pipeline(node.pipeline, scope, node.where);
        return node.pipeline.declare === undefined ? formatScalar(value) : '';
      }
      case 'if': {
        for (const branch of node.branches) {
          if (isTruthy(this.pipeline(branch.pipeline, scope, node.where)))
            return this.run(branch.body, scope.nested(scope.dot));
        }
        return node.otherwise === undefined ? '' : this.run(node.otherwise, scope.nested(scope.dot));
      }
      case 'with': {
        const value = this.pipeline({ commands: node.pipeline.commands }, scope, node.where);
        if (isTruthy(value)) {
          const inner = scope.nested(value);
          if (node.pipeline.declare !== undefined) inner.declare(node.pipeline.declare.names[0], value);
          return this.run(node.body, inner);
        }
        return node.otherwise === undefined ? '' : this.run(node.otherwise, scope.nested(scope.dot));
      }
      case 'range':
        return this.range(node, scope);
      case 'template':
        return this.include(
          node.name,
          node.pipeline === undefined ? undefined : this.pipeline(node.pipeline, scope, node.where),
        );
    }
  }

  private range(node: BlockNode, scope: Scope): string {
    const collection = this.pipeline({ commands: node.pipeline.commands }, scope, node.where);
    const names = node.pipeline.declare?.names ?? [];
    let entries: [unknown, unknown][];
    switch (kindOf(collection)) {
      case 'nil':
        entries = [];
        break;
      case 'list':
        entries = (collection as unknown[]).map((item, index) => [index, item]);
        break;
      case 'map': // Go ranges over a map in sorted key order
        entries = Object.keys(collection as object)
          .sort()
          .map((key) => [key, (collection as Record<string, unknown>)[key]]);
        break;
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
        throw new TemplateError(`${node.where}: range over a ${kindOf(collection)}`);
    }
    if (entries.length === 0)
      return node.otherwise === undefined ? '' : this.run(node.otherwise, scope.nested(scope.dot));
    return entries
      .map(([key, item]) => {
        const inner = scope.nested(item);
        if (names.length === 1) inner.declare(names[0], item);
        if (names.length === 2) {
          inner.declare(names[0], typeof key === 'number' ? new GoInt(key) : key);
          inner.declare(names[1], item);
        }
        return this.run(node.body, inner);
      })
      .join('');
  }

  private pipeline(pipeline: Pipeline, scope: Scope, where: string): unknown {
    let value: unknown;
    pipeline.commands.forEach((command, index) => {
      value = index === 0 ? this.command(command, scope, where) : this.command(command, scope, where, value);
    });
    const declare = pipeline.declare;
    if (declare !== undefined) {
      if (declare.names.length !== 1) throw new TemplateError(`${where}: one variable outside range`);
      if (declare.assign) scope.assign(declare.names[0], value, where);
      else scope.declare(declare.names[0], value);
    }
    return value;
  }

  private command(command: Operand[], scope: Scope, where: string, ...piped: unknown[]): unknown {
    const [head, ...operands] = command;
    if (head?.type !== 'function') {
      if (operands.length > 0 || piped.length > 0)
        throw new TemplateError(`${where}: can't give argument to non-function`);
      return this.operand(head, scope, where);
    }
    return this.call(head.name, operands, scope, where, piped);
  }

  private call(name: string, operands: Operand[], scope: Scope, where: string, piped: unknown[]): unknown {
    if (SHORT_CIRCUIT.has(name)) {
      const thunks = [
        ...operands.map((operand) => () => this.operand(operand, scope, where)),
        ...piped.map((value) => () => value),
      ];
      let value: unknown;
      for (const thunk of thunks) {
        value = thunk();
        if (isTruthy(value) === (name === 'or')) return value;
      }
      return value;
    }
    const fn = TEMPLATE_FUNCTIONS[name];
    if (fn === undefined)
      throw new TemplateError(`${where}: function "${name}" is not in the renderer's subset`);
    const context: FunctionContext = {
      include: (template, data) => this.include(template, data),
      tracker: this.tracker,
    };
    const args = [...operands.map((operand) => this.operand(operand, scope, where)), ...piped];
    try {
      return fn(context, ...args);
    } catch (error) {
      if (error instanceof TemplateError && !error.message.startsWith(where))
        throw new TemplateError(`${where}: ${name}: ${error.message}`);
      throw error;
    }
  }

  private operand(operand: Operand, scope: Scope, where: string): unknown {
    switch (operand.type) {
      case 'literal':
        return operand.value;
      case 'dot':
        return scope.dot;
      case 'field':
        return this.fields(scope.dot, operand.path, '.', where);
      case 'variable':
        return this.fields(scope.get(operand.name, where), operand.path, operand.name, where);
      case 'function':
        return this.call(operand.name, [], scope, where, []);
      case 'pipeline':
        return this.fields(this.pipeline(operand.pipeline, scope, where), operand.path, '(…)', where);
    }
  }

  private fields(start: unknown, path: string[], origin: string, where: string): unknown {
    return path.reduce<unknown>((current, key) => {
      if (current === undefined || current === null)
        throw new TemplateError(`${where}: nil pointer evaluating ${origin}…${key}`);
      if (kindOf(current) !== 'map')
        throw new TemplateError(`${where}: can't evaluate field ${key} in a ${kindOf(current)}`);
      return this.tracker.lookup(current, key);
    }, start);
  }
}
