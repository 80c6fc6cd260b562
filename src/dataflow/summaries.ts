import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers, type Value, type ValueResolver } from './values.js';
import { singleDefinition } from './definitions.js';
import { dispatchedFunctions } from './dispatch.js';
import { argumentPosition } from './call-sites.js';
import { DEEP_COPY_FUNCTIONS, JSON_GLOBAL, PROMISE_CONSTRUCTOR } from '../models/runtime.js';

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

const isGlobal = (node: ts.Expression, name: string): boolean => ts.isIdentifier(node) && node.text === name && !findDeclaration(name, node);

/**
 * The value a copy copies: `JSON.parse(JSON.stringify(x))`, `structuredClone(x)` (the globals), `{ ...x }` alone.
 * A copy holds the same fields.
 */
export function copiedValue(expression: ts.Expression): ts.Expression | undefined {
  const node = stripWrappers(expression);
  if (ts.isObjectLiteralExpression(node)) {
    const only = node.properties.length === 1 ? node.properties[0] : undefined;
    return only && ts.isSpreadAssignment(only) ? only.expression : undefined;
  }
  if (!ts.isCallExpression(node)) return undefined;
  const callee = stripWrappers(node.expression);
  const only = node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0]) ? node.arguments[0] : undefined;
  if (!only) return undefined;
  if (ts.isIdentifier(callee) && DEEP_COPY_FUNCTIONS.has(callee.text) && isGlobal(callee, callee.text)) return only;
  const isJson = (e: ts.Expression, method: string): boolean => ts.isPropertyAccessExpression(e) && e.name.text === method && isGlobal(stripWrappers(e.expression), JSON_GLOBAL.global);
  if (!isJson(callee, JSON_GLOBAL.parse)) return undefined;
  const inner = stripWrappers(only);
  return ts.isCallExpression(inner) && isJson(stripWrappers(inner.expression), JSON_GLOBAL.stringify) && inner.arguments.length === 1 && !ts.isSpreadElement(inner.arguments[0])
    ? inner.arguments[0]
    : undefined;
}

const isDefaulting = (kind: ts.SyntaxKind): boolean => kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;

/**
 * The default a function gives a parameter in its body (`expiration = expiration || DEFAULT_TTL`, or
 * `f(ttl ?? DEFAULT_TTL)`): what it holds when a call leaves it out. Undefined when the body gives none, or
 * gives different ones.
 */
export function bodyDefaultOf(parameter: ts.ParameterDeclaration): ts.Expression | undefined {
  const name = parameter.name;
  const fn = parameter.parent;
  const body = ts.isFunctionLike(fn) && 'body' in fn ? (fn.body as ts.Node | undefined) : undefined;
  if (!ts.isIdentifier(name) || !body) return undefined;
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && isDefaulting(node.operatorToken.kind)) {
      const left = stripWrappers(node.left);
      if (ts.isIdentifier(left) && left.text === name.text && findDeclaration(left.text, left)?.node === parameter) found.push(node.right);
    }
    node.forEachChild(visit);
  };
  body.forEachChild(visit);
  return found.length > 0 && found.every((d) => d.getText() === found[0]!.getText()) ? found[0] : undefined;
}

/**
 * Is `expression` the value of parameter `index` of `fn` (through aliases, awaits, for tokens the string
 * steps that keep a token a token, and for payloads copies of the parameter)? Returns the parameter's index.
 */
export function parameterIndexOf(expression: ts.Expression, fn: ts.Node, keepsToken: boolean, depth = 0, contains = false, copies = false): number | undefined {
  if (depth > 6) return undefined;
  let node = stripWrappers(expression);
  if (ts.isAwaitExpression(node)) return parameterIndexOf(node.expression, fn, keepsToken, depth + 1, contains, copies);
  const copied = copies ? copiedValue(node) : undefined;
  if (copied) return parameterIndexOf(copied, fn, keepsToken, depth + 1, contains, copies);
  if (contains) {
    // a value written to a sink leaks what it contains: `Bearer ${t}`, 'x' + t, JSON.stringify(t), { token: t }
    const parts: ts.Expression[] = [];
    if (ts.isTemplateExpression(node)) parts.push(...node.templateSpans.map((span) => span.expression));
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) parts.push(node.left, node.right);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === JSON_GLOBAL.stringify && node.arguments[0])
      parts.push(node.arguments[0]);
    else if (ts.isObjectLiteralExpression(node)) {
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) parts.push(property.initializer);
        else if (ts.isShorthandPropertyAssignment(property)) parts.push(property.name);
      }
    }
    for (const part of parts) {
      const found = parameterIndexOf(part, fn, keepsToken, depth + 1, contains);
      if (found !== undefined) return found;
    }
    if (parts.length > 0) return undefined;
  }
  if (keepsToken) {
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression)) return parameterIndexOf(node.expression, fn, keepsToken, depth + 1, contains);
    // `${token}`: the text of the value alone
    if (ts.isTemplateExpression(node) && node.head.text === '' && node.templateSpans.length === 1 && node.templateSpans[0].literal.text === '') {
      return parameterIndexOf(node.templateSpans[0].expression, fn, keepsToken, depth + 1, contains);
    }
    if (ts.isCallExpression(node)) {
      const callee = stripWrappers(node.expression);
      if (ts.isPropertyAccessExpression(callee) && keepsTokenText(node, callee.name.text)) return parameterIndexOf(callee.expression, fn, keepsToken, depth + 1, contains);
      const only = node.arguments.length === 1 ? node.arguments[0] : undefined;
      if (ts.isIdentifier(callee) && TOKEN_PRESERVING_FUNCTIONS.has(callee.text) && only && !ts.isSpreadElement(only) && !findDeclaration(callee.text, callee)) {
        return parameterIndexOf(only, fn, keepsToken, depth + 1, contains);
      }
      return undefined;
    }
  }
  // `expiration || DEFAULT_TTL`: the parameter with a default (options only; a token or sink value is not defaulted)
  if (!keepsToken && !contains && ts.isBinaryExpression(node) && isDefaulting(node.operatorToken.kind)) return parameterIndexOf(node.left, fn, keepsToken, depth + 1);
  // `expiresIn ? { expiresIn } : undefined`: options a parameter's test chooses (each call's argument picks the branch)
  if (!keepsToken && !contains && !copies && ts.isConditionalExpression(node)) return parameterIndexOf(node.condition, fn, keepsToken, depth + 1);
  // `ttl + 'm'`, `minutes * 60`, `${ttl}m`: an option computed from the parameter and constants
  const operand = !keepsToken && !contains && !copies ? computedFrom(node) : undefined;
  if (operand) return parameterIndexOf(operand, fn, keepsToken, depth + 1);
  if (!ts.isIdentifier(node)) return undefined;
  const definition = singleDefinition(node);
  if (!definition) return undefined;
  if (definition.kind === 'parameter') return definition.fn === fn && definition.steps.length === 0 ? definition.index : undefined;
  if (definition.kind === 'value' && definition.steps.length === 0) {
    node = definition.expression;
    return parameterIndexOf(node, fn, keepsToken, depth + 1, contains, copies);
  }
  return undefined;
}

const isArithmetic = (kind: ts.SyntaxKind): boolean =>
  kind === ts.SyntaxKind.PlusToken || kind === ts.SyntaxKind.MinusToken || kind === ts.SyntaxKind.AsteriskToken || kind === ts.SyntaxKind.SlashToken;
const isLiteral = (node: ts.Expression): boolean => ts.isStringLiteralLike(node) || ts.isNumericLiteral(stripWrappers(node));

/** The one operand an expression computes with literals only (`ttl + 'm'` → ttl, `` `${ttl}m` `` → ttl). */
function computedFrom(node: ts.Expression): ts.Expression | undefined {
  if (ts.isBinaryExpression(node) && isArithmetic(node.operatorToken.kind)) {
    if (isLiteral(node.right)) return node.left;
    if (isLiteral(node.left)) return node.right;
  }
  return ts.isTemplateExpression(node) && node.templateSpans.length === 1 ? node.templateSpans[0].expression : undefined;
}

/** The role of a flow decides how its argument is read (`parameterIndexOf`'s flags); these are all the readings flows use. */
const ROLE_READINGS = [
  { keepsToken: true, contains: false, copies: false }, // token
  { keepsToken: true, contains: true, copies: false }, // value of a sink
  { keepsToken: false, contains: false, copies: true }, // payload
  { keepsToken: false, contains: false, copies: false }, // every other role (key, options)
] as const;

/** Does the argument carry one of fn's parameters under any role's reading? */
function carriesParameter(argument: ts.Expression, fn: ts.FunctionLikeDeclaration): boolean {
  return ROLE_READINGS.some((reading) => parameterIndexOf(argument, fn, reading.keepsToken, 0, reading.contains, reading.copies) !== undefined);
}

/**
 * Does a call take one of fn's parameters, in an argument, in the arguments of the calls its callee is chained from
 * (`new SignJWT(payload).setIssuer(i).sign(key)`) or as the receiver it starts from? Every role of a fact is read from these.
 */
export function callCarriesParameter(call: ts.CallExpression | ts.NewExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const carries = (argument: ts.Expression) => carriesParameter(ts.isSpreadElement(argument) ? argument.expression : argument, fn);
  let current: ts.Expression = call;
  for (let depth = 0; depth < 32; depth += 1) {
    const node = stripWrappers(current);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      if (node.arguments?.some(carries)) return true;
      current = node.expression;
    } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) current = node.expression;
    else return ts.isIdentifier(node) && carriesParameter(node, fn); // the receiver (a decorated `request.jwtVerify()`)
  }
  return true; // a chain this long is not followed: assume it may
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
        if (parameter !== undefined)
          found.push({ parameter, role: flow.role, fact: flow.fact, through: [call, ...flow.through], parameters: [fn.parameters[parameter], ...flow.parameters] });
      }
    }
  }
}
