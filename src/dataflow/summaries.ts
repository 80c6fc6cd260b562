import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers, type Value, type ValueResolver } from './values.js';
import { singleDefinition } from './definitions.js';
import { dispatchedFunctions } from './dispatch.js';
import { argumentPosition } from './call-sites.js';
import { PROMISE_CONSTRUCTOR } from '../models/runtime.js';
import { callCarriesParameter, carriesParameter, parameterIndexOf, parameterMemberOf, VALUE_ROLE } from './parameter-reach.js';

/**
 * Function summaries: what a project function does with its parameters. A summary is computed lazily, the
 * first time a call reaches the function, and memoised. `flows` says which parameter reaches which argument
 * role (token, payload, key, a sink's value) of a fact inside the function — a library operation or a token
 * sink, directly or through further project functions; `returned` lists the expressions the function
 * returns, for clients that follow return values (token provenance, header flow).
 *
 * The facts themselves come from the caller (`rolesAt`): this module knows nothing about libraries.
 */

/** A project function with a body. */
export type ProjectFunction = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

/** One argument role of a fact performed by a call: `token` of a decode, `payload` of a sign, `value` of a sink. */
export interface RoleSite<T> {
  role: string;
  expression: ts.Expression;
  fact: T;
}

export interface ParameterFlow<T> {
  /** Index of the function's parameter. */
  parameter: number;
  role: string;
  fact: T;
  /** Calls from the function down to the fact's call (empty when the fact is performed in the function itself). */
  through: readonly (ts.CallExpression | ts.NewExpression)[];
  /** The parameters the value passes, this function's first, down to the one used at the fact's call (their defaults apply in turn). */
  parameters: readonly ts.ParameterDeclaration[];
  /** A sink's value that is a member of the parameter (`datas.access_token`, destructured or read): its path in the argument. */
  path?: readonly string[];
}

/** Measures the time summaries take (the engine's `--timing`); a measurement inside another counts once. */
export interface SummaryTimer {
  time<R>(run: () => R): R;
}

/** Nodes one function body may visit for its summary (work units, deterministic); beyond it the summary is empty. */
const SUMMARY_WORK_UNITS = 20_000;
/** Wrappers of wrappers followed at most this deep. */
const MAX_NESTING = 6;
/** String methods that keep a token a token (`auth.split(' ')[1]`, `h.replace('Bearer ', '')`). */
const TOKEN_PRESERVING_METHODS = new Set(['split', 'replace', 'replaceAll', 'slice', 'substring', 'substr', 'trim', 'toString', 'at']);
/**
 * A few characters cut out of a value by literal positions (`token.substr(0, 12)`, `t.slice(-4)`): less than a token's
 * header, no longer a credential anyone can replay, so a string method making one does not keep the token.
 */
const EXCERPT_MAX_CHARS = 20;
const EXCERPT_METHODS = new Set(['slice', 'substring', 'substr']);

/** Does this call of a TOKEN_PRESERVING_METHODS method keep the token (not `t.slice(0, 8)`)? */
export function keepsTokenText(call: ts.CallExpression | ts.NewExpression, method: string): boolean {
  if (!TOKEN_PRESERVING_METHODS.has(method)) return false;
  if (!EXCERPT_METHODS.has(method)) return true;
  const positions = (call.arguments ?? []).map((argument) => signedNumber(argument));
  if (positions.some((position) => position === undefined)) return true;
  const [start, second] = positions as number[];
  if (second === undefined) return !(start < 0 && -start <= EXCERPT_MAX_CHARS);
  const length = method === 'substr' ? second : second - start;
  return !(start >= 0 && length >= 0 && length <= EXCERPT_MAX_CHARS);
}

function signedNumber(expression: ts.Expression): number | undefined {
  const node = stripWrappers(expression);
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  return undefined;
}

/** Global functions that keep a token a token (`String(req.query.token)`, `decodeURIComponent(t)`, `encodeURIComponent(t)` in a link). */
export const TOKEN_PRESERVING_FUNCTIONS = new Set(['String', 'decodeURIComponent', 'decodeURI', 'encodeURIComponent', 'encodeURI']);

/** Expressions returned by a function body (not by functions nested in it); an expression body is its own return. */
const returnedMemo = new WeakMap<ts.Node, ts.Expression[]>();

export function returnedExpressions(body: ts.ConciseBody): ts.Expression[] {
  if (!ts.isBlock(body)) return [body];
  const known = returnedMemo.get(body);
  if (known) return known;
  const found: ts.Expression[] = [];
  returnedMemo.set(body, found);
  const stack: ts.Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== body && (ts.isFunctionLike(node) || ts.isClassLike(node))) continue;
    if (ts.isReturnStatement(node) && node.expression) found.push(...(promiseResolutions(node.expression) ?? [node.expression]));
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * The values a `new Promise((resolve) => ...)` resolves to: the first argument of each call of `resolve` in the
 * executor, also inside its callbacks (`jwt.sign(p, k, (err, t) => resolve(t))`). Our dataflow reads a promise as
 * the value it resolves to (`await`, `.then`), so a function returning one returns those. Undefined for anything else.
 */
function promiseResolutions(expression: ts.Expression): ts.Expression[] | undefined {
  const node = stripWrappers(expression);
  if (!ts.isNewExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== PROMISE_CONSTRUCTOR) return undefined;
  const executor = node.arguments?.[0];
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  const resolve = executor.parameters[0];
  if (!resolve || !ts.isIdentifier(resolve.name) || findDeclaration(PROMISE_CONSTRUCTOR, node)) return undefined;
  const name = resolve.name.text;
  const found: ts.Expression[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isCallExpression(child) && ts.isIdentifier(child.expression) && child.expression.text === name && child.arguments[0] && !ts.isSpreadElement(child.arguments[0])) {
      const declaration = findDeclaration(name, child.expression);
      if (declaration?.kind === 'parameter' && declaration.node === resolve) found.push(child.arguments[0]);
    }
    child.forEachChild(visit);
  };
  visit(executor.body);
  return found;
}

const hasBody = (node: ts.Node): node is ProjectFunction =>
  (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node)) &&
  node.body !== undefined;

/**
 * The project function a callee names, in this file or another module: a function declaration or a const
 * holding a function, `this.method`, an imported function (named, default, namespace member, re-exported),
 * a method of an object literal or of a project class (also an injected service: `this.auth.login()` with
 * `constructor(private auth: AuthService)`).
 */
export function projectFunctionOf(callee: ts.Expression, resolver: { resolve(expression: ts.Expression): Value }): ProjectFunction | undefined {
  const node = stripWrappers(callee);
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  const value = resolver.resolve(node);
  return value.kind === 'function' && hasBody(value.node) ? value.node : undefined;
}

/**
 * Every project function a callee may name: the one `projectFunctionOf` finds, or, for a call through a
 * container of strategy objects (`processors.get(kind).createToken(p)`, `handlers[kind](t)`), each known
 * entry's function (src/dataflow/dispatch.ts). Empty when none is known.
 */
function projectFunctionsOf(callee: ts.Expression, resolver: ValueResolver): ProjectFunction[] {
  const single = projectFunctionOf(callee, resolver);
  if (single) return [single];
  return (dispatchedFunctions(callee, resolver) ?? []).filter(hasBody);
}

/**
 * The function a callee names in its own file, without resolving imports: `helper(...)` (a declaration or a const
 * holding a function), `this.method(...)`. For callers that have no value resolver at hand; `projectFunctionOf`
 * also follows imports, object literals and injected services.
 */
export function calledFunction(callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  if (ts.isIdentifier(callee)) {
    const definition = singleDefinition(callee);
    if (definition?.kind === 'declaration' && definition.declaration.kind === 'function') return definition.declaration.node;
    if (definition?.kind === 'value' && definition.steps.length === 0) {
      const initializer = stripWrappers(definition.expression);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(callee.name)) {
    let current: ts.Node | undefined = callee.parent;
    while (current && !ts.isClassLike(current)) current = current.parent;
    if (!current) return undefined;
    for (const member of current.members) {
      if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== callee.name.text) continue;
      if (ts.isMethodDeclaration(member)) return member;
      if (ts.isPropertyDeclaration(member) && member.initializer) {
        const initializer = stripWrappers(member.initializer);
        if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
      }
    }
  }
  return undefined;
}

/** Records which files a memoised answer was computed from (src/binding/project.ts). */
export interface DependencyRecorder {
  collectDependencies<R>(compute: () => R): { value: R; files: ReadonlySet<string> };
  dependOnAgain(files: Iterable<string>): void;
}

/**
 * Memoised, recursion-guarded summaries of project functions over the facts `rolesAt` finds at calls. A summary
 * remembers the files it was computed from (the function's own, and every module its calls led to): a file that
 * uses it depends on them, so that a cached result of a caller is re-checked when a helper module changes.
 */
export class FunctionSummaries<T> {
  private readonly flowMemo = new WeakMap<ts.Node, { flows: ParameterFlow<T>[]; files: ReadonlySet<string> }>();
  private readonly inProgress = new Set<ts.Node>();
  /** Set when a summary being computed met a function already in progress (its result is partial: not memoised). */
  private cutByCycle = false;

  /**
   * @param rolesAt the facts of a call inside a summarised function; `takesParameter` says whether the call takes one
   *   of that function's parameters (callCarriesParameter): when it does not, a fact whose roles are read from the
   *   call's own arguments adds no flow, and the caller may skip resolving its callee
   */
  constructor(
    private readonly resolver: ValueResolver,
    private readonly rolesAt: (call: ts.CallExpression | ts.NewExpression, takesParameter: () => boolean) => readonly RoleSite<T>[],
    private readonly dependencies?: DependencyRecorder,
    private readonly timer?: SummaryTimer,
    /** The facts of an assignment inside a summarised function (`localStorage[key] = value`), if any kind has them. */
    private readonly assignmentRolesAt?: (assignment: ts.BinaryExpression) => readonly RoleSite<T>[],
  ) {}

  /**
   * The project functions a call reaches: one, or the candidates of a dispatch through a container; none for
   * library calls, globals and unknown callees.
   */
  functionsAt(call: ts.CallExpression | ts.NewExpression): ProjectFunction[] {
    if (ts.isNewExpression(call)) return [];
    return this.timed(() => projectFunctionsOf(call.expression, this.resolver));
  }

  /** Which parameter of `fn` reaches which role of which fact. */
  flows(fn: ProjectFunction, nesting = 0): readonly ParameterFlow<T>[] {
    const known = this.flowMemo.get(fn);
    if (known) {
      this.dependencies?.dependOnAgain(known.files);
      return known.flows;
    }
    if (this.inProgress.has(fn) || nesting > MAX_NESTING) {
      this.cutByCycle = true;
      return [];
    }
    const outerCut = this.cutByCycle;
    this.cutByCycle = false;
    this.inProgress.add(fn);
    let found: ParameterFlow<T>[];
    let files: ReadonlySet<string>;
    try {
      const compute = () => this.timed(() => this.computeFlows(fn, nesting));
      ({ value: found, files } = this.dependencies ? this.dependencies.collectDependencies(compute) : { value: compute(), files: new Set<string>() });
    } finally {
      this.inProgress.delete(fn);
    }
    if (!this.cutByCycle) this.flowMemo.set(fn, { flows: found, files: new Set([fn.getSourceFile().fileName, ...files]) });
    this.cutByCycle ||= outerCut;
    return found;
  }

  private timed<R>(run: () => R): R {
    return this.timer ? this.timer.time(run) : run();
  }

  private computeFlows(fn: ProjectFunction, nesting: number): ParameterFlow<T>[] {
    if (fn.parameters.length === 0) return [];
    const found: ParameterFlow<T>[] = [];
    const stack: ts.Node[] = [fn.body];
    let work = 0;
    while (stack.length > 0) {
      const node = stack.pop()!;
      work += 1;
      if (work > SUMMARY_WORK_UNITS) return []; // budget spent: unknown, never a guess
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) this.flowsAtCall(fn, node, nesting, found);
      else if (this.assignmentRolesAt && ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && carriesParameter(node.right, fn)) {
        this.addSites(fn, this.assignmentRolesAt(node), found);
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return found;
  }

  /** The flows of the facts found in `fn` itself: each role whose expression is one of its parameters. */
  private addSites(fn: ProjectFunction, sites: readonly RoleSite<T>[], found: ParameterFlow<T>[]): void {
    for (const site of sites) {
      const parameter = parameterIndexOf(site.expression, fn, site.role === 'token' || site.role === 'value', 0, site.role === 'value', site.role === 'payload');
      if (parameter !== undefined) found.push({ parameter, role: site.role, fact: site.fact, through: [], parameters: [fn.parameters[parameter]] });
      const member = parameter === undefined && site.role === VALUE_ROLE ? parameterMemberOf(site.expression, fn) : undefined;
      if (member) found.push({ parameter: member.index, role: site.role, fact: site.fact, through: [], parameters: [fn.parameters[member.index]], path: member.path });
    }
  }

  private flowsAtCall(fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression, nesting: number, found: ParameterFlow<T>[]): void {
    // A fact whose call takes none of fn's parameters adds no flow: its callee is not resolved (that loads modules).
    const sites = this.rolesAt(call, () => callCarriesParameter(call, fn));
    this.addSites(fn, sites, found);
    if (sites.length > 0) return;
    const args = call.arguments ?? [];
    // Only an argument that carries one of fn's parameters can add a flow: the callee is not even resolved otherwise
    // (resolving it loads its module, and following it summarises every function it calls).
    if (!args.some((argument) => !ts.isSpreadElement(argument) && carriesParameter(argument, fn))) return;
    for (const inner of this.functionsAt(call)) {
      if (inner === fn) continue;
      for (const flow of this.flows(inner, nesting + 1)) {
        const position = argumentPosition(inner, flow.parameter);
        const argument = args[position];
        if (!argument || ts.isSpreadElement(argument) || args.slice(0, position).some((a) => ts.isSpreadElement(a))) continue;
        const parameter = parameterIndexOf(argument, fn, flow.role === 'token' || flow.role === 'value', 0, flow.role === 'value', flow.role === 'payload');
        const through = [call, ...flow.through];
        if (parameter !== undefined) found.push({ ...flow, parameter, through, parameters: [fn.parameters[parameter], ...flow.parameters] });
        // `setCookie(KEY, datas.access_token)`: a member of fn's parameter, at the member path of the inner flow
        const member = parameter === undefined && flow.role === VALUE_ROLE ? parameterMemberOf(argument, fn) : undefined;
        if (member) {
          found.push({ ...flow, parameter: member.index, through, parameters: [fn.parameters[member.index], ...flow.parameters], path: [...member.path, ...(flow.path ?? [])] });
        }
      }
    }
  }
}
