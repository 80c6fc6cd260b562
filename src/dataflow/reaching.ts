import { ts } from 'ts-morph';

/**
 * Reaching definitions over the statements of one function (or module): which writes of a binding can reach a
 * reference. Structured, no control-flow graph: straight-line code (a plain `x = v` statement replaces every
 * earlier value), `if`/`else` (the values of both branches), paths that end (`return`, `throw`, `break`,
 * `continue` reach nothing after them), and a defaulting guard `if (x === -1) x = v` (the tested constant
 * does not get past it). Loops, `switch`, `try` and labelled blocks are summarised conservatively: every write
 * inside them may have happened. Writes from nested functions are the caller's business (they may run at any time).
 */

/** A write of the binding, in the walked function, in source order. */
export interface Write<D> {
  definition: D;
  start: number;
  end: number;
  /** A plain `x = v` expression statement: it replaces the value. */
  statement?: ts.ExpressionStatement;
}

/** What the walk needs to know about the binding. */
export interface Binding<D> {
  /** The declaration's own definition (initializer, parameter), if any. */
  own?: D;
  /** The declaring statement (`let x = 1` inside a loop starts the value again). */
  declaration: ts.Node;
  /** Does this identifier name the binding? */
  names(identifier: ts.Identifier): boolean;
  /** The constant a definition writes, when it writes a literal (`-1`, `''`, `null`): for defaulting guards. */
  constantOf(definition: D): string | undefined;
}

/** Indexes into [own, ...writes]; null: no path reaches here. */
type State = Set<number> | null;

const union = (a: State, b: State): State => (a === null ? b : b === null ? a : new Set([...a, ...b]));

/** A literal's normalised text (`-1` → '-1', `'a'` → '"a"'), or undefined. */
export function literalText(expression: ts.Expression): string | undefined {
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
  if (ts.isNumericLiteral(node)) return String(Number(node.text));
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return String(-Number(node.operand.text));
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return JSON.stringify(node.text);
  if (node.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (node.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (node.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isIdentifier(node) && node.text === 'undefined') return 'undefined';
  return undefined;
}

const FALSY = new Set(['0', '""', 'null', 'undefined', 'false']);
const NULLISH = new Set(['null', 'undefined']);

/** Steps one walk may take; beyond it the walk gives up (undefined: the caller's conservative answer). */
const WALK_WORK_UNITS = 2_000;
/**
 * Containers with more statements than this (bundles, generated code) are not walked at all: every reference
 * would walk most of them. Counted once per container, so the answer does not depend on which reference asks first.
 */
const MAX_CONTAINER_STATEMENTS = 3_000;
const statementCounts = new WeakMap<ts.Node, number>();

function statementCount(container: ts.Node): number {
  let count = statementCounts.get(container);
  if (count === undefined) {
    count = 0;
    const stack: ts.Node[] = [container];
    while (stack.length > 0 && count <= MAX_CONTAINER_STATEMENTS) {
      const node = stack.pop()!;
      if (node !== container && ts.isFunctionLike(node)) continue;
      if (ts.isStatement(node)) count += 1;
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    statementCounts.set(container, count);
  }
  return count;
}

/** The walk ran out of work units. */
class WalkTooLong extends Error {}

class Walk<D> {
  // Positions compare by `pos` (a node's start before its leading trivia): the writes, the declaration and the
  // reference start at tokens, never inside trivia, so `pos` tells the same as `getStart()`, which rescans trivia.
  private readonly referenceStart: number;
  private readonly referenceEnd: number;
  private readonly declarationStart: number;
  private readonly declarationEnd: number;
  /** Where the first write and the declaration start: statements entirely before both change nothing. */
  private readonly firstChange: number;
  private work = 0;

  constructor(
    private readonly binding: Binding<D>,
    private readonly writes: readonly Write<D>[],
    reference: ts.Node,
  ) {
    this.referenceStart = reference.getStart();
    this.referenceEnd = reference.getEnd();
    this.declarationStart = binding.declaration.getStart();
    this.declarationEnd = binding.declaration.getEnd();
    this.firstChange = Math.min(this.declarationStart, ...writes.map((write) => write.start));
  }

  private within(node: ts.Node, start: number, end: number): boolean {
    return node.pos <= start && end <= node.end;
  }

  private holdsReference(node: ts.Node): boolean {
    if ((this.work += 1) > WALK_WORK_UNITS) throw new WalkTooLong();
    return this.within(node, this.referenceStart, this.referenceEnd);
  }

  /** Every write inside `node`, as may-have-happened. */
  private everyWriteIn(node: ts.Node, state: State): State {
    const found = new Set(state ?? []);
    this.writes.forEach((write, index) => {
      if (this.within(node, write.start, write.end)) found.add(index);
    });
    return state === null && found.size === 0 ? null : found;
  }

  /** A statement with no control flow of its own: its writes in order, up to `before` when given. */
  private simple(node: ts.Node, state: State, before = Number.POSITIVE_INFINITY): State {
    if (state === null) return null;
    if ((this.work += 1) > WALK_WORK_UNITS) throw new WalkTooLong();
    if (node.end < this.firstChange) return state;
    let current = state;
    if (this.within(node, this.declarationStart, this.declarationEnd) && this.declarationEnd <= before) {
      current = new Set(this.binding.own === undefined ? [] : [-1]);
    }
    this.writes.forEach((write, index) => {
      if (!this.within(node, write.start, write.end) || write.end > before) return;
      current = write.statement === node ? new Set([index]) : new Set([...current, index]);
    });
    return current;
  }

  exec(statement: ts.Statement, state: State): State {
    if (state === null) return null;
    if (ts.isBlock(statement)) return this.statements(statement.statements, state);
    if (ts.isIfStatement(statement)) {
      const tested = this.simple(statement.expression, state);
      const then = this.exec(statement.thenStatement, tested);
      const otherwise = statement.elseStatement ? this.exec(statement.elseStatement, tested) : this.pastGuard(statement, tested, then);
      return union(then, otherwise);
    }
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakOrContinueStatement(statement)) {
      this.simple(statement, state);
      return null;
    }
    if (ts.isTryStatement(statement)) {
      const tried = this.exec(statement.tryBlock, state);
      const caught = statement.catchClause ? this.exec(statement.catchClause.block, this.everyWriteIn(statement.tryBlock, state)) : null;
      const after = statement.catchClause ? union(tried, caught) : tried;
      return statement.finallyBlock ? this.exec(statement.finallyBlock, after) : after;
    }
    if (ts.isIterationStatement(statement, false) || ts.isSwitchStatement(statement) || ts.isLabeledStatement(statement)) return this.everyWriteIn(statement, state);
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return state;
    return this.simple(statement, state);
  }

  /**
   * `if (x === C) x = v;` (also `!x`, `x == null`) with no else: past it, x is v, or it was not C. A write of the
   * constant C reaching the guard does not get past it.
   */
  private pastGuard(statement: ts.IfStatement, tested: State, then: State): State {
    if (tested === null) return null;
    const constants = this.guardConstants(statement.expression);
    const replaced = then !== null && [...tested].every((index) => !then.has(index));
    if (!constants || !replaced) return tested;
    return new Set(
      [...tested].filter((index) => {
        const definition = index === -1 ? this.binding.own : this.writes[index].definition;
        const constant = definition === undefined ? undefined : this.binding.constantOf(definition);
        return constant === undefined || !constants.has(constant);
      }),
    );
  }

  /** The constants a guard condition tests the binding for (`x === -1` → {-1}, `!x` → the falsy ones). */
  private guardConstants(condition: ts.Expression): ReadonlySet<string> | undefined {
    let node = condition;
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      const operand = ts.isParenthesizedExpression(node.operand) ? node.operand.expression : node.operand;
      return ts.isIdentifier(operand) && this.binding.names(operand) ? FALSY : undefined;
    }
    if (!ts.isBinaryExpression(node)) return undefined;
    const operator = node.operatorToken.kind;
    const strict = operator === ts.SyntaxKind.EqualsEqualsEqualsToken;
    if (!strict && operator !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
    for (const [name, other] of [
      [node.left, node.right],
      [node.right, node.left],
    ]) {
      if (!ts.isIdentifier(name) || !this.binding.names(name)) continue;
      const constant = literalText(other);
      if (constant === undefined) return undefined;
      return !strict && NULLISH.has(constant) ? NULLISH : new Set([constant]);
    }
    return undefined;
  }

  statements(list: readonly ts.Statement[], state: State): State {
    let current = state;
    for (const statement of list) current = this.exec(statement, current);
    return current;
  }

  /** The state at the reference, which `node` holds. */
  enter(node: ts.Node, state: State): State {
    if (state === null) return null;
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node)) return this.enterStatements(node.statements, state);
    if (ts.isIfStatement(node)) {
      if (this.holdsReference(node.expression)) return this.simple(node.expression, state, this.referenceStart);
      const tested = this.simple(node.expression, state);
      return this.enter(this.holdsReference(node.thenStatement) ? node.thenStatement : node.elseStatement!, tested);
    }
    if (ts.isTryStatement(node)) {
      if (this.holdsReference(node.tryBlock)) return this.enter(node.tryBlock, state);
      const afterTry = this.everyWriteIn(node.tryBlock, state);
      if (node.catchClause && this.holdsReference(node.catchClause)) return this.enter(node.catchClause.block, afterTry);
      return this.enter(node.finallyBlock!, node.catchClause ? this.everyWriteIn(node.catchClause, afterTry) : afterTry);
    }
    if (ts.isSwitchStatement(node)) {
      if (this.holdsReference(node.expression)) return this.simple(node.expression, state, this.referenceStart);
      const tested = this.simple(node.expression, state);
      const clause = node.caseBlock.clauses.find((candidate) => this.holdsReference(candidate));
      if (!clause) return this.simple(node, state, this.referenceStart);
      // a clause is entered from the switch or by falling through earlier clauses
      let entry = tested;
      for (const earlier of node.caseBlock.clauses) {
        if (earlier === clause) break;
        entry = this.everyWriteIn(earlier, entry);
      }
      return ts.isCaseClause(clause) && this.holdsReference(clause.expression) ? this.simple(clause.expression, entry, this.referenceStart) : this.enterStatements(clause.statements, entry);
    }
    if (ts.isIterationStatement(node, false)) {
      // the loop may have run before: every write inside it may reach the reference
      const entry = this.everyWriteIn(node, state);
      return this.holdsReference(node.statement) ? this.enter(node.statement, entry) : this.simple(node, entry, this.referenceStart);
    }
    if (ts.isLabeledStatement(node)) return this.enter(node.statement, state);
    if (ts.isCaseClause(node) || ts.isDefaultClause(node)) return this.enterStatements(node.statements, state);
    return this.simple(node, state, this.referenceStart);
  }

  private enterStatements(list: readonly ts.Statement[], state: State): State {
    let current = state;
    for (const statement of list) {
      if (this.holdsReference(statement)) return this.enter(statement, current);
      current = this.exec(statement, current);
    }
    return current;
  }
}

/**
 * The definitions among [own, ...writes] that reach `reference` in `container` (a function body or a source
 * file, holding the reference and every write). Undefined when no path is seen to reach the reference (dead code,
 * or a shape the walk does not follow): the caller then keeps every earlier write.
 */
export function reachingDefinitions<D>(container: ts.Node, binding: Binding<D>, writes: readonly Write<D>[], reference: ts.Node): D[] | undefined {
  if (statementCount(container) > MAX_CONTAINER_STATEMENTS) return undefined;
  const walk = new Walk(binding, writes, reference);
  const start: State = new Set(binding.own === undefined ? [] : [-1]);
  let state: State;
  try {
    state = walk.enter(container, start);
  } catch (error) {
    if (error instanceof WalkTooLong) return undefined;
    throw error;
  }
  if (state === null) return undefined;
  return [...state].sort((a, b) => a - b).map((index) => (index === -1 ? binding.own! : writes[index].definition));
}
