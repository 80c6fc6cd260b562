import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { REQUEST_PARAMETER_DECORATORS, REQUEST_READ_METHODS, REQUEST_URL_DATA_MEMBERS, TOKEN_FIELD_NAMES, TOKEN_HEADER_NAMES, namesAuthToken } from '../models/http.js';
import { WEB_STORAGE_READ_METHOD } from '../models/sinks.js';
import { isParsedStorageRead, isWebStorage } from './stored-json.js';
import { accessChain as chainOf, type AccessChain } from './access-chain.js';
import { destructuredRequestMember, requestDecoratorOf, requestPartOf, requestPartOfChain } from './request-sources.js';
import { stripWrappers } from './values.js';
import { argumentFor, argumentPosition, callbackCall, callSitesOf, functionName } from './call-sites.js';
import { definitionsOf, fieldDefinitions, globalPropertyDefinitions, isGlobalObject, propertyWritesOf, type Definition } from './definitions.js';
import { outgoingHookOf } from './outgoing-hooks.js';
import type { CarriedValues } from './plumbing.js';
import { hookOfCallback, isAuthRequestHook } from './data-hooks.js';
import { returnedExpressionsFor } from './returns-for-call.js';
import { AuthResponses } from './auth-responses.js';
import { entriesObject, entriesOfCallback, heldOrigins, isAuthResponse, keyTransformed, stringifiedValue, underFailedResponse } from './serialized.js';
import { continuationSources, settledValues } from './continuations.js';
import { propertyInitializer } from './object-literals.js';
import { keepsTokenText, TOKEN_PRESERVING_FUNCTIONS, type ProjectFunction } from './summaries.js';
import { OBJECT_ENTRIES, RESPONSE_TEXT } from '../models/runtime.js';
import { described, isKnownToken, joined, passedAs, tokenFirst, withStep, type TokenOrigin } from './token-origin.js';

export { everyOrigin, type TokenOrigin, type TokenOriginKind } from './token-origin.js';

const MAX_DEPTH = 25;
/** Steps one top-level provenance question may take (variables, parameters and call sites visited). */
const MAX_STEPS = 500;

/** Member chains here keep numeric indexes (`auth.split(' ')[1]`, `parts[1]`). */

/** `inUrl` for request data read through these members (`req.query.token`: the query string). */
function urlRead(containers: readonly string[]): { inUrl?: true } {
  return containers.some((name) => REQUEST_URL_DATA_MEMBERS.has(name)) ? { inUrl: true } : {};
}

/** A literal written in the code (`'[redacted]'`, `null`, `0`): a value that is no token. */
function isLiteralValue(expression: ts.Expression): boolean {
  const node = stripWrappers(expression);
  return ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
}

/** Does a request field name say it holds a token (`authorization`, `x-access-token`, `accessToken`)? */
function namesTokenField(field: string): boolean {
  return TOKEN_HEADER_NAMES.has(field.toLowerCase()) || namesAuthToken(field);
}

/**
 * Follows a value back to where a token enters the program. Returns undefined when the value is not
 * known to be a token (or request data), which rules treat as "not a finding".
 */
export class TokenTracker {
  /**
   * @param isSignCall is the call a modeled sign operation?
   * @param functionOf the project function a callee names, in this file or another module (src/dataflow/summaries.ts)
   */
  constructor(
    private readonly isSignCall: (call: ts.CallExpression | ts.NewExpression) => boolean,
    private readonly functionOf: (callee: ts.Expression) => ProjectFunction | undefined,
    /** The constant a computed member key holds (`req.headers[Guard.AUTH_HEADER]`), when known. */
    private readonly keyOf?: (key: ts.Expression) => string | undefined,
    private readonly carriedBy?: (base: ts.Expression, names: string[]) => CarriedValues | undefined, // src/dataflow/plumbing.ts, src/facts/passport-users.ts
    /** Calls of a function in the other modules of its package (src/dataflow/module-callers.ts). */
    private readonly callersElsewhere?: (fn: ts.Node) => readonly ts.CallExpression[],
    /** The cookie name a script cookie library's getter reads (`Cookies.get('token')`), src/facts/sinks/cookie.ts. */
    private readonly scriptCookieRead?: (call: ts.CallExpression) => string | undefined,
    /** Assignments to a property of the global object in the other modules of a file's package (`window.authToken = t`). */
    private readonly globalsElsewhere?: (fromFile: string, name: string) => readonly Definition[],
  ) {
    this.responses = new AuthResponses(functionOf);
  }

  private readonly responses: AuthResponses;

  private accessChain(expression: ts.Expression): AccessChain {
    return chainOf(expression, { numericIndexes: true, keyOf: this.keyOf });
  }

  /** Answers to top-level questions, and per parameter (callers are visited once per parameter and path). */
  private readonly memo = new WeakMap<ts.Node, TokenOrigin | null>();
  private readonly parameterMemo = new WeakMap<ts.Node, Map<string, TokenOrigin | null>>();
  /** Work done for the current top-level question: a bounded search, never an explosion over call sites. */
  private steps = 0;

  /** Nesting of origin() calls: only the outermost one is a top-level question. */
  private nesting = 0;
  /** Calls whose function's returns are being followed, innermost last: a parameter of the function is the call's argument. */
  private readonly frames: { fn: ts.Node; call: ts.CallExpression | ts.NewExpression }[] = [];

  /**
   * Answers where a parameter that is itself the value follows its callers in other modules too (`acrossModules`):
   * for sinks no wrapper call reports (a URL built by a helper of another module), kept apart from the others.
   */
  private readonly acrossMemo = new WeakMap<ts.Node, TokenOrigin | null>();
  private acrossModules = false;

  /**
   * @param options.acrossModules a parameter that is the value itself is followed to its callers in every module
   *   (by default only to those of its file: a helper of another module is a wrapper, reported at its calls)
   */
  origin(expression: ts.Expression, depth = 0, options: { acrossModules?: boolean } = {}): TokenOrigin | undefined {
    if (this.nesting > 0) return this.originStep(expression, depth);
    const memo = options.acrossModules ? this.acrossMemo : this.memo;
    const known = memo.get(expression);
    if (known !== undefined) return known ?? undefined;
    this.steps = 0;
    this.nesting += 1;
    this.acrossModules = options.acrossModules === true;
    try {
      const found = this.originStep(expression, depth);
      memo.set(expression, found ?? null);
      return found;
    } finally {
      this.nesting -= 1;
      this.acrossModules = false;
    }
  }

  private originStep(expression: ts.Expression, depth: number): TokenOrigin | undefined {
    this.steps += 1;
    if (depth > MAX_DEPTH || this.steps > MAX_STEPS) return undefined;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node)) return this.origin(node.expression, depth + 1);
    // text built from several values holds each: `${req.body.email} ${token}` holds the token whatever comes first
    if (ts.isTemplateExpression(node)) return tokenFirst(node.templateSpans.map((span) => this.origin(span.expression, depth + 1)));
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken) return tokenFirst([this.origin(node.left, depth + 1), this.origin(node.right, depth + 1)]);
      // `auth.token || query.token`: the value is either, so it comes from both
      if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) return this.alternatives([node.left, node.right], depth);
      return undefined;
    }
    if (ts.isConditionalExpression(node)) return this.alternatives([node.whenTrue, node.whenFalse], depth);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.originOfCall(node, depth);
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const chain = this.accessChain(node);
      return this.originOfChain(chain.base, chain.names, node, depth);
    }
    return undefined;
  }

  /** The origins of the values an expression may take (`a || b`, `c ? a : b`): the first found, the others as `also`. */
  private alternatives(branches: readonly ts.Expression[], depth: number): TokenOrigin | undefined {
    const found: TokenOrigin[] = [];
    for (const branch of branches) {
      const origin = this.origin(branch, depth + 1);
      if (origin) found.push(origin);
    }
    return joined(found);
  }

  /** Is this value request data (any field), following variables and parameters? */
  requestOrigin(expression: ts.Expression): TokenOrigin | undefined {
    const found = this.origin(expression);
    return found?.kind === 'request' ? found : undefined;
  }

  /**
   * The token an object holds, for sinks that write an object's contents (a log line prints them): a property or
   * spread that is a token, or the whole parsed body of an auth response. Undefined when it holds none known.
   */
  heldTokenOrigin(expression: ts.Expression): TokenOrigin | undefined {
    // a whole parameter printed or serialised: its callers in this file (a helper of another module is a wrapper sink)
    const found = tokenFirst(
      heldOrigins(
        expression,
        (inner) => this.origin(inner),
        0,
        (parameter, index) => this.callerArguments(parameter.parent, index, false),
      ),
    );
    return found && isKnownToken(found) ? found : undefined;
  }

  /** Is this value known to be a JWT / bearer token (not just any request field)? */
  tokenOrigin(expression: ts.Expression, options: { acrossModules?: boolean } = {}): TokenOrigin | undefined {
    const found = this.origin(expression, 0, options);
    if (!found) return undefined;
    if ((found.kind === 'request' || found.kind === 'page-url') && !found.namedToken) return undefined;
    return found;
  }

  private originOfCall(node: ts.CallExpression | ts.NewExpression, depth: number): TokenOrigin | undefined {
    if (this.isSignCall(node)) return { kind: 'signed', node, namedToken: true, ...(this.frames.length > 0 ? { calls: [...this.frames] } : {}) };
    const callee = stripWrappers(node.expression);
    const carried = ts.isCallExpression(node) ? this.carriedBy?.(node, []) : undefined;
    if (carried) return this.originOfCarried(carried, node, depth);
    // JSON.stringify({ access_token: t }), JSON.stringify(loginResponse.data): the text holds the token
    const stringified = stringifiedValue(node);
    if (stringified) return tokenFirst(heldOrigins(stringified, (expression) => this.origin(expression, depth + 1)));
    // String(token), decodeURIComponent(token): still the token
    if (ts.isIdentifier(callee) && TOKEN_PRESERVING_FUNCTIONS.has(callee.text) && ts.isCallExpression(node) && node.arguments.length === 1 && !findDeclaration(callee.text, callee)) {
      const argument = node.arguments[0];
      return ts.isSpreadElement(argument) ? undefined : this.origin(argument, depth + 1);
    }
    // A project function (this file, a method, an imported helper) that returns a token: follow its return values
    const called = this.functionOf(callee);
    if (called) return this.inFrame(called, node, () => this.originOfReturns(called, node, depth + 1));
    // Cookies.get('token'), getCookie('token'): a cookie written from script, read back
    const cookieName = ts.isCallExpression(node) ? this.scriptCookieRead?.(node) : undefined;
    if (cookieName !== undefined && namesAuthToken(cookieName)) return { kind: 'storage', node, namedToken: true };
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const receiver = stripWrappers(callee.expression);
    if (keepsTokenText(node, method)) return this.origin(receiver, depth + 1);
    // `p.then(() => jwt.sign(...))` resolves to what its callback returns; `Promise.resolve(t)` to `t`
    const settled = ts.isCallExpression(node) ? settledValues(node) : undefined;
    if (settled) return joined(settled.flatMap((expression) => this.origin(expression, depth + 1) ?? []));
    // `await res.text()` of `fetch('/api/login')`: a login endpoint answering with the bare token
    if (method === RESPONSE_TEXT && ts.isCallExpression(node) && node.arguments.length === 0 && isAuthResponse(receiver, 0) && !underFailedResponse(node, receiver)) {
      return { kind: 'auth-response', node, namedToken: true };
    }
    const firstArgument = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    // a literal key, or a constant holding one (`localStorage.getItem(REFRESH_TOKEN_KEY)`, `req.get(AUTH_HEADER)`)
    const argumentName = !firstArgument ? undefined : ts.isStringLiteralLike(firstArgument) ? firstArgument.text : this.keyOf?.(firstArgument);
    // localStorage.getItem('token')
    if (method === WEB_STORAGE_READ_METHOD && argumentName !== undefined && namesAuthToken(argumentName)) {
      if (isWebStorage(this.accessChain(receiver))) return { kind: 'storage', node, namedToken: true };
    }
    // req.get('Authorization'), req.header('authorization'), request.headers.get('authorization'), ctx.cookies.get('token'), c.req.header(...)
    if (REQUEST_READ_METHODS.has(method)) {
      const part = requestPartOf(receiver);
      if (part === 'request' || part === 'data' || part === 'url-query' || part === 'page-data') {
        const namedToken = argumentName !== undefined && namesTokenField(argumentName);
        return { kind: part === 'page-data' ? 'page-url' : 'request', node, namedToken };
      }
    }
    return undefined;
  }

  private originOfCarried(carried: CarriedValues, at: ts.Node, depth: number): TokenOrigin | undefined {
    for (const expression of carried.values) {
      const found = this.originOfExpressionWithNames(expression, carried.names, at, depth + 1);
      if (found) return withStep(found, expression, carried.message);
    }
    return undefined;
  }

  private inFrame<T>(fn: ts.Node, call: ts.CallExpression | ts.NewExpression, follow: () => T): T {
    this.frames.push({ fn, call });
    try {
      return follow();
    } finally {
      this.frames.pop();
    }
  }

  private originOfReturns(fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression, depth: number): TokenOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const found: TokenOrigin[] = [];
    for (const expression of returnedExpressionsFor(fn, call)) {
      const origin = this.origin(expression, depth + 1);
      if (origin) found.push(withStep(origin, expression, `returned by ${described(fn)}`));
    }
    return joined(found);
  }

  private originOfChain(base: ts.Expression, names: string[], at: ts.Node, depth: number): TokenOrigin | undefined {
    // every step counts against the question's budget: definitions and returned values branch
    this.steps += 1;
    if (depth > MAX_DEPTH || this.steps > MAX_STEPS) return undefined;
    const carried = this.carriedBy?.(base, names); // `useAuth().token`, `req.user.token`: what a provider or passport strategy hands over
    if (carried) return this.originOfCarried(carried, at, depth);
    // Request data: req.headers.authorization, req.cookies.token, ctx.request.body.token, a loader's `request`, ...
    const part = requestPartOf(base);
    // `this.$route.query.token`: a component's route is known from the member name only
    if (names.length > 0 && (part !== undefined || base.kind === ts.SyntaxKind.ThisKeyword)) {
      const reached = requestPartOfChain(base, names);
      if (reached === 'data') return { kind: 'request', node: at, namedToken: namesTokenField(names[names.length - 1]), ...urlRead(names.slice(0, -1)) };
      if (reached === 'page-data') return { kind: 'page-url', node: at, namedToken: namesTokenField(names[names.length - 1]) };
      // `window.authToken`: a property of the global object (which also holds the page's `location`)
      if (part !== undefined) return isGlobalObject(base) ? this.originOfGlobal(base, names, at, depth) : undefined;
      // `this.token` stored by a method of the class (`this.token = req.headers.authorization`)
      return this.originOfField(at, names, depth);
    }
    // a variable holding request or page data (`const auth = req.headers.authorization`) is followed below, for its field name
    if (part !== undefined && part !== 'data' && part !== 'page-data') return undefined;
    // a member destructured from a request parameter (`getServerSideProps({ query: { token } })`, Auth.js `decode({ token })`)
    const member = part === 'data' && names.length === 0 ? destructuredRequestMember(base) : undefined;
    if (member !== undefined) return { kind: 'request', node: at, namedToken: namesTokenField(member) };
    // Token field of an auth response: (await res.json()).accessToken, response.data.token
    if (names.length > 0 && TOKEN_FIELD_NAMES.has(names[names.length - 1].toLowerCase())) {
      const objectNames = names.slice(0, -1);
      if (this.responses.isAuthResponseBody(base, objectNames, depth)) return { kind: 'auth-response', node: at, namedToken: true };
      // JSON.parse(localStorage.getItem('user')).accessToken
      if (objectNames.length === 0 && isParsedStorageRead(base)) return { kind: 'storage', node: at, namedToken: true };
    }
    // `{ accessToken: jwt.sign(...) }.accessToken`: a returned or assigned object literal read at a property
    if (ts.isObjectLiteralExpression(base) && names.length > 0) {
      const property = propertyInitializer(base, names[0]);
      if (property) return this.originOfExpressionWithNames(property, names.slice(1), at, depth + 1);
      // `{ ...request.headers, extra }` read at a member it does not write: what a spread object holds there
      const spreads = base.properties.filter(ts.isSpreadAssignment);
      return joined(spreads.map((spread) => this.originOfExpressionWithNames(spread.expression, names, at, depth + 1)));
    }
    const called = ts.isAwaitExpression(base) ? stripWrappers(base.expression) : base;
    const fn = names.length > 0 && ts.isCallExpression(called) ? this.functionOf(called.expression) : undefined;
    if (fn) {
      // `(await auth.login(user)).accessToken`: what the project function returns, read at the same names
      return this.inFrame(fn, called as ts.CallExpression, () => {
        for (const returned of returnedExpressionsFor(fn, called as ts.CallExpression)) {
          const found = this.originOfExpressionWithNames(returned, names, at, depth + 1);
          if (found) return withStep(found, returned, `returned by ${described(fn)}`);
        }
        return undefined;
      });
    }
    // `camelizeKeys(body).accessToken`: the body's value under a renamed key
    const transformed = ts.isCallExpression(base) ? keyTransformed(base) : undefined;
    if (transformed) return this.originOfExpressionWithNames(transformed, names, at, depth + 1);
    if (ts.isCallExpression(base) || ts.isNewExpression(base) || ts.isAwaitExpression(base)) {
      const inner = this.origin(base, depth + 1);
      return inner && names.every((name) => /^\d+$/.test(name) || name === 'value') ? inner : undefined;
    }
    if (!ts.isIdentifier(base)) return undefined;
    if (names.length > 0 && isGlobalObject(base)) return this.originOfGlobal(base, names, at, depth);
    const written = this.writtenAt(base, names, at, depth); // `out.accessToken = jwt.sign(...)` before `out.accessToken`
    if (written !== undefined) return written ?? undefined;
    // every definition that reaches this reference (initializer, later assignments, parameter): each is an origin
    const origins: TokenOrigin[] = [];
    for (const definition of definitionsOf(base)) {
      let found: TokenOrigin | undefined;
      if (definition.kind === 'value') {
        found = this.originOfExpressionWithNames(definition.expression, [...definition.steps.map(String), ...names], at, depth + 1);
        // found at the read it was asked for: the value really enters in this definition's expression
        if (found && found.node === at && !found.source) found = { ...found, source: definition.expression };
        if (found) found = withStep(found, definition.node, `assigned to \`${base.text}\``);
      } else if (definition.kind === 'parameter') {
        found = this.originOfParameter(definition.node, definition.index, [...definition.steps.map(String), ...names], at, depth + 1);
      } else if (definition.kind === 'element') {
        // `for (const [key, value] of Object.entries(params))`: value is one of the object's property values
        found = this.entryValueOrigin(entriesObject(definition.iterable), [...definition.steps.map(String), ...names], depth);
      }
      if (found) origins.push(found);
    }
    return joined(origins);
  }

  /**
   * What was written into `base` at `names` (or a prefix of them) before `at`, which replaces the initial value: a
   * named token, or null when only other values were written (`session.token = '[redacted]'`). Undefined when no
   * write there reaches the read, or the values written are not named tokens (`config.headers.Authorization` of a
   * request hook, set from a neutral storage key): the definitions answer then.
   */
  private writtenAt(base: ts.Identifier, names: string[], at: ts.Node, depth: number): TokenOrigin | null | undefined {
    const declaration = names.length > 0 ? findDeclaration(base.text, base) : undefined;
    const writes = declaration ? propertyWritesOf(declaration, at).filter((write) => write.value && write.path.length > 0 && write.path.every((name, i) => name === names[i])) : [];
    if (writes.length === 0) return undefined;
    const found = writes.flatMap((write) => {
      const origin = this.originOfExpressionWithNames(write.value!, names.slice(write.path.length), at, depth + 1);
      return origin ? [withStep(origin, write.node, `written to \`${base.text}.${write.path.join('.')}\``)] : [];
    });
    if (found.length === 0) return writes.every((write) => isLiteralValue(write.value!)) ? null : undefined;
    return found.some((origin) => origin.namedToken) ? joined(found) : undefined;
  }

  /** `window.authToken`: what the scripts of the file and of its package store in that property of the global object. */
  private originOfGlobal(base: ts.Identifier, names: string[], at: ts.Node, depth: number): TokenOrigin | undefined {
    const file = base.getSourceFile();
    const definitions = [...globalPropertyDefinitions(file, names[0]), ...(this.globalsElsewhere?.(file.fileName, names[0]) ?? [])];
    const origins: TokenOrigin[] = [];
    for (const definition of definitions) {
      if (definition.kind !== 'value') continue;
      const found = this.originOfExpressionWithNames(definition.expression, names.slice(1), at, depth + 1);
      if (found) origins.push(withStep(found, definition.node, `stored in \`${base.text}.${names[0]}\``));
    }
    return joined(origins);
  }

  /** A field of `this` read at `names` (`this.token`, `this.session.token`): what the class's members store in it. */
  private originOfField(at: ts.Node, names: string[], depth: number): TokenOrigin | undefined {
    let field: ts.Node = at;
    while ((ts.isPropertyAccessExpression(field) || ts.isElementAccessExpression(field)) && field.expression.kind !== ts.SyntaxKind.ThisKeyword) field = field.expression;
    if (!ts.isPropertyAccessExpression(field)) return undefined;
    const origins: TokenOrigin[] = [];
    for (const definition of fieldDefinitions(field)) {
      if (definition.kind !== 'value') continue;
      const found = this.originOfExpressionWithNames(definition.expression, names.slice(1), at, depth + 1);
      if (found) origins.push(withStep(found, definition.node, `stored in \`this.${names[0]}\``));
    }
    return joined(origins);
  }

  private originOfExpressionWithNames(expression: ts.Expression, names: string[], at: ts.Node, depth: number): TokenOrigin | undefined {
    if (names.length === 0) return this.origin(expression, depth);
    // `isGraphql ? gqlContext.req : http.getRequest()` returned and read at a field: either branch
    const node = stripWrappers(expression);
    if (ts.isConditionalExpression(node)) {
      return this.originOfExpressionWithNames(node.whenTrue, names, at, depth + 1) ?? this.originOfExpressionWithNames(node.whenFalse, names, at, depth + 1);
    }
    const chain = this.accessChain(expression);
    // indexes after a string method (`auth.split(' ')[1]`) keep the token
    if (names.every((name) => /^\d+$/.test(name))) {
      const inner = this.origin(expression, depth);
      if (inner) return inner;
    }
    return this.originOfChain(chain.base, [...chain.names, ...names], at, depth);
  }

  /** A parameter is a token when the function's callers in this file pass one. */
  private originOfParameter(parameter: ts.ParameterDeclaration, index: number, names: string[], at: ts.Node, depth: number): TokenOrigin | undefined {
    // a parameter of a function whose returns are being followed from a call: that call's argument
    const frame = [...this.frames].reverse().find((candidate) => candidate.fn === parameter.parent);
    if (frame) {
      const argument = argumentFor(frame.call, parameter.parent, index);
      if (!argument) return undefined;
      const found = this.originOfExpressionWithNames(argument, names, at, depth + 1);
      return found && passedAs(found, argument, parameter, at);
    }
    const key = `${this.acrossModules ? '*' : ''}\u0000${names.join('\u0000')}`;
    let byPath = this.parameterMemo.get(parameter);
    if (!byPath) this.parameterMemo.set(parameter, (byPath = new Map()));
    if (byPath.has(key)) return byPath.get(key) ?? undefined;
    byPath.set(key, null); // recursion through the same parameter: nothing new down that path
    const found = this.originOfParameterUncached(parameter, index, names, at, depth);
    // A search cut short by the step budget is remembered as "not known to be a token": unknown never
    // produces a finding, and re-exploring the same callers for every question is what explodes.
    byPath.set(key, found ?? null);
    return found;
  }

  private originOfParameterUncached(parameter: ts.ParameterDeclaration, index: number, names: string[], at: ts.Node, depth: number): TokenOrigin | undefined {
    const fn = parameter.parent;
    // where callbacks handed to libraries receive this parameter (a TypeScript `this` parameter takes no argument)
    const position = argumentPosition(fn, index);
    // NestJS `@Headers('authorization') auth`, `@Query('token') token`, `@Headers() headers`
    const decorator = requestDecoratorOf(parameter);
    const member = decorator && REQUEST_PARAMETER_DECORATORS.get(decorator.name);
    if (decorator && member !== undefined) {
      const fields = [member, ...(decorator.argument !== undefined ? [decorator.argument] : []), ...names];
      return { kind: 'request', node: at, namedToken: namesTokenField(fields[fields.length - 1]), ...urlRead(fields.slice(0, -1)) };
    }
    // `.then(data => ...)`: data is what the promise resolves to (the body of an auth response, a signed token)
    const sources = position === 0 ? (continuationSources(fn) ?? []) : [];
    const namesToken = names.length > 0 && TOKEN_FIELD_NAMES.has(names[names.length - 1].toLowerCase());
    if (namesToken && sources.some((source) => this.responses.isResponseExpression(source, depth + 1))) return { kind: 'auth-response', node: at, namedToken: true };
    const resolved = joined(sources.flatMap((source) => this.originOfExpressionWithNames(source, names, at, depth + 1) ?? []));
    if (resolved) return resolved;
    // `jwt.sign(payload, key, options, (err, token) => ...)`: a sign call's callback receives the token second
    const signing = position === 1 && names.length === 0 ? callbackCall(fn) : undefined;
    if (signing && this.isSignCall(signing)) return { kind: 'signed', node: signing, namedToken: true };
    // `useMutation(...)`'s `onSuccess: ({ token }) => ...` (also given to `mutateAsync(values, { onSuccess })`): the response of an auth request
    if (names.length > 0 && TOKEN_FIELD_NAMES.has(names[names.length - 1].toLowerCase())) {
      const hook = hookOfCallback(fn, position);
      if (hook && isAuthRequestHook(hook)) return { kind: 'auth-response', node: at, namedToken: true };
    }
    // `axios.interceptors.request.use(config => ...)`: config.headers.Authorization is the token being sent
    if (names.length > 0 && TOKEN_HEADER_NAMES.has(names[names.length - 1].toLowerCase())) {
      const hook = outgoingHookOf(fn, position);
      if (hook && names.length === hook.headers.length + 1 && hook.headers.every((member, i) => names[i] === member)) {
        return { kind: 'outgoing-request', node: at, namedToken: true };
      }
    }
    // `Object.entries(params).forEach(([key, value]) => ...)`: value is one of the object's property values
    if (position === 0) {
      const entries = this.entryValueOrigin(entriesOfCallback(fn), names, depth);
      if (entries) return entries;
    }
    // what every caller passes (a helper called with a header token here and a query token there comes from both).
    // Callers in other modules count when a member of the parameter is read (`headers.authorization` of
    // `getContext(req.headers)`): a parameter that is itself the token is a wrapper's, reported at those calls.
    const origins: TokenOrigin[] = [];
    for (const argument of this.callerArguments(fn, index, names.length > 0 || this.acrossModules)) {
      const found = this.originOfExpressionWithNames(argument, names, at, depth + 1);
      if (found) origins.push(passedAs(found, argument, parameter, at));
    }
    return joined(origins);
  }

  /** The arguments a function's callers pass for a parameter: in this file, and in other modules when `elsewhere`. */
  private callerArguments(fn: ts.SignatureDeclaration, index: number, elsewhere: boolean): ts.Expression[] {
    const name = functionName(fn);
    if (!name) return [];
    const calls = [...callSitesOf(name, fn), ...(elsewhere && this.callersElsewhere ? this.callersElsewhere(fn) : [])];
    return calls.flatMap((call) => argumentFor(call, fn, index) ?? []);
  }

  /** The second item of an `Object.entries(object)` pair (`names` from the pair on): one of the object's property values. */
  private entryValueOrigin(object: ts.Expression | undefined, names: readonly string[], depth: number): TokenOrigin | undefined {
    if (!object || names.length !== 1 || names[0] !== String(OBJECT_ENTRIES.valueIndex) || depth > MAX_DEPTH) return undefined;
    // the entries are members read: callers in every module count, as for `headers.authorization` of a parameter
    return tokenFirst(
      heldOrigins(
        object,
        (inner) => this.origin(inner, depth + 1),
        0,
        (parameter, index) => this.callerArguments(parameter.parent, index, true),
      ),
    );
  }
}
