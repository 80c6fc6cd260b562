import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { argumentFor, callSitesIn, callSitesOf, functionName } from '../dataflow/call-sites.js';
import type { TokenOrigin } from '../dataflow/provenance.js';
import { projectFunctionOf, returnedExpressions, type ProjectFunction } from '../dataflow/summaries.js';
import { stripWrappers } from '../dataflow/values.js';
import { ROUTE_GUARDS } from '../models/http.js';
import { AuthStrategies, isLibraryPath } from './auth-strategies.js';
import type { OperationExtractor } from './operations.js';

/**
 * Route guards that verify the request's token before a handler runs: a route middleware (`app.get('/me', auth,
 * handler)`, `router.use(auth)` before the route) or a NestJS guard (`@UseGuards(JwtGuard)` on the controller or
 * the method) whose code verifies a token read from the request and stops the request when verification fails.
 * Code that re-reads the claims of that same request token in the handler, or in a helper every guarded handler
 * calls with its request, reads a token whose signature was checked.
 */
export interface RouteGuard {
  /** The guard or middleware expression (`auth`, `JwtGuard`). */
  node: ts.Node;
  /** The request read whose token the guard verifies, when it can be told. */
  read?: ts.Node;
}

type RequestOrigin = (expression: ts.Expression) => TokenOrigin | undefined;

/** Helpers that receive the request from a guarded handler, followed this deep. */
const MAX_HELPER_DEPTH = 2;
/** Route files of other modules searched for a handler's registrations (those that name it and register routes). */
const MAX_ROUTE_FILES = 24;
/** A route registration in a text: `.get(`, `.delete(`, ... (ROUTE_GUARDS.routeMethods). */
const ROUTE_REGISTRATION_TEXT = new RegExp(`\\.(?:${[...ROUTE_GUARDS.routeMethods].join('|')})\\s*\\(`);

export class RouteGuards {
  private readonly verifiers = new WeakMap<ts.Node, RouteGuard | null>();
  private readonly strategies: AuthStrategies;

  constructor(
    private readonly operations: OperationExtractor,
    private readonly requestOrigin: RequestOrigin,
  ) {
    this.strategies = new AuthStrategies(operations);
  }

  /**
   * The guard that verifies the token of the request `read` (`req.headers.authorization`) comes from, before the
   * code that uses `token` runs. When the read is in a helper that code calls (`bearer(req)`), the request is the
   * one the code passes to it.
   */
  guardOf(read: ts.Node, token?: ts.Expression): RouteGuard | undefined {
    const own = requestParameter(read);
    const parameter = own && token && !encloses(own.parent, token) ? (passedRequest(token, token, 0) ?? own) : own;
    const guard = parameter ? this.guardOfParameter(parameter, 0) : this.paramDecoratorGuard(read);
    if (!guard) return undefined;
    // the guard verifies the token the code reads (`authorization`), not another field of the request (`?token=`)
    const wanted = fieldOf(read);
    const verified = guard.read ? fieldOf(guard.read) : undefined;
    return wanted !== undefined && verified !== undefined && wanted !== verified ? undefined : guard;
  }

  private guardOfParameter(parameter: ts.ParameterDeclaration, depth: number): RouteGuard | undefined {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    return this.decoratedGuard(fn) ?? this.routeMiddleware(fn) ?? (depth < MAX_HELPER_DEPTH ? this.guardOfCallers(fn, index, depth) : undefined);
  }

  /** `@UseGuards(JwtGuard)` on the method or its class, with a guard whose `canActivate` verifies. */
  private decoratedGuard(fn: ts.SignatureDeclaration): RouteGuard | undefined {
    if (!ts.isMethodDeclaration(fn)) return undefined;
    for (const holder of [fn, fn.parent]) {
      for (const decorator of ts.canHaveDecorators(holder) ? (ts.getDecorators(holder) ?? []) : []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || !ROUTE_GUARDS.guardDecorators.has(calleeName(call) ?? '')) continue;
        for (const argument of call.arguments) {
          const guard = this.guardClassVerifies(argument);
          if (guard) return guard;
        }
      }
    }
    return undefined;
  }

  private guardClassVerifies(expression: ts.Expression): RouteGuard | undefined {
    const node = stripWrappers(expression);
    // `AuthGuard('jwt')`, also as the base of the guard class
    if (ts.isCallExpression(node)) return this.strategyGuard(node) ? { node: expression } : undefined;
    const value = this.operations.resolver.resolve(ts.isNewExpression(node) ? node.expression : node);
    if (value.kind !== 'class') return undefined;
    const base = value.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (base && ts.isCallExpression(stripWrappers(base)) && this.strategyGuard(stripWrappers(base) as ts.CallExpression)) return { node: expression };
    for (const member of value.node.members) {
      if (ts.isMethodDeclaration(member) && member.body && ts.isIdentifier(member.name) && ROUTE_GUARDS.guardMethods.has(member.name.text)) {
        const verified = this.verifies(member as ProjectFunction, false);
        if (verified) return { node: expression, read: verified.read };
      }
    }
    return undefined;
  }

  /** A guard made for a named strategy (`AuthGuard('jwt')`) that a verifying strategy of the package is registered under. */
  private strategyGuard(call: ts.CallExpression): boolean {
    const factory = this.operations.resolver.resolve(call.expression);
    const made = ROUTE_GUARDS.strategyGuards.find((candidate) => isLibraryPath(factory, candidate.module, candidate.path));
    const argument = made ? call.arguments[made.nameArg] : undefined;
    const name = argument ? this.operations.resolver.resolve(argument) : undefined;
    return name?.kind === 'string' && this.strategies.verifies(name.value, call.getSourceFile().fileName);
  }

  /**
   * A read inside a parameter decorator's factory (`createParamDecorator((data, ctx) => ...getRequest()...)`): the
   * request of the handlers whose parameters carry the decorator, guarded when every one of them is.
   */
  private paramDecoratorGuard(read: ts.Node): RouteGuard | undefined {
    let fn: ts.Node | undefined = read.parent;
    while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
    const call = fn?.parent;
    if (!fn || !call || !ts.isCallExpression(call) || !call.arguments.some((argument) => argument === fn)) return undefined;
    const factory = this.operations.resolver.resolve(call.expression);
    if (!ROUTE_GUARDS.paramDecoratorFactories.some((candidate) => isLibraryPath(factory, candidate.module, candidate.path))) return undefined;
    const holder = call.parent;
    if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return undefined;
    const name = holder.name.text;
    let first: RouteGuard | undefined;
    for (const file of this.operations.packageFiles.filesMentioning(read.getSourceFile().fileName, [name])) {
      const loaded = this.operations.resolver.project.load(file);
      const refersToHolder = (identifier: ts.Identifier): boolean => this.refersTo(identifier, holder);
      for (const handler of loaded ? handlersDecoratedWith(loaded.sourceFile, name, refersToHolder) : []) {
        const guard = this.decoratedGuard(handler);
        if (!guard) return undefined;
        first ??= guard;
      }
    }
    return first;
  }

  /** Does the identifier name this module-level declaration, in its module or imported from it (not a namesake)? */
  private refersTo(identifier: ts.Identifier, holder: ts.VariableDeclaration): boolean {
    const declaration = findDeclaration(identifier.text, identifier);
    if (declaration?.node === holder) return true;
    if (declaration?.kind !== 'import' || declaration.imported !== identifier.text) return false;
    return this.operations.resolver.project.resolveImport(identifier.getSourceFile().fileName, declaration.specifier) === holder.getSourceFile().fileName;
  }

  /** A handler registered after a verifying middleware: in the same registration, or mounted earlier on the same router. */
  private routeMiddleware(fn: ts.SignatureDeclaration): RouteGuard | undefined {
    for (const method of ROUTE_GUARDS.routeMethods) {
      for (const route of [...callSitesOf(method, fn), ...this.routesElsewhere(fn, method)]) {
        const callee = stripWrappers(route.expression);
        if (!ts.isPropertyAccessExpression(callee)) continue;
        const at = route.arguments.findIndex((argument) => this.isFunction(argument, fn));
        if (at < 0) continue;
        for (const middleware of route.arguments.slice(0, at).flatMap(spread)) {
          const guard = this.middlewareVerifies(middleware);
          if (guard) return guard;
        }
        const mounted = this.mountedBefore(callee.expression, route);
        if (mounted) return mounted;
      }
    }
    return undefined;
  }

  /**
   * Route registrations by `method` in the other modules of the package that name the handler (`router.delete('/user',
   * verifyJWT, deleteUser)` in a routes file, the handler imported from a controller module). Whether an argument is
   * this handler is decided by resolving it (`isFunction`), not by its name.
   */
  private routesElsewhere(fn: ts.SignatureDeclaration, method: string): ts.CallExpression[] {
    const name = functionName(fn);
    const ownFile = fn.getSourceFile().fileName;
    if (!name) return [];
    const files = this.operations.packageFiles.filesMentioning(ownFile, [name], false, ROUTE_REGISTRATION_TEXT);
    return files
      .filter((file) => file !== ownFile)
      .slice(0, MAX_ROUTE_FILES)
      .flatMap((file) => {
        const loaded = this.operations.resolver.project.load(file);
        return loaded ? callSitesIn(loaded.sourceFile, method) : [];
      });
  }

  /** `router.use(auth)` earlier in the file on the same router as `route`. */
  private mountedBefore(router: ts.Expression, route: ts.CallExpression): RouteGuard | undefined {
    const name = stripWrappers(router).getText();
    for (const method of ROUTE_GUARDS.mountMethods) {
      for (const mount of callSitesOf(method, route)) {
        const callee = stripWrappers(mount.expression);
        if (!ts.isPropertyAccessExpression(callee) || stripWrappers(callee.expression).getText() !== name || mount.getStart() > route.getStart()) continue;
        // `use('/admin', auth)`: a path prefix first, middlewares after it
        for (const middleware of mount.arguments.flatMap(spread)) {
          const guard = this.middlewareVerifies(middleware);
          if (guard) return guard;
        }
      }
    }
    return undefined;
  }

  /** Every call of the helper passes, as its request, the request of a guarded handler. */
  private guardOfCallers(fn: ts.SignatureDeclaration, index: number, depth: number): RouteGuard | undefined {
    const name = functionName(fn);
    if (!name) return undefined;
    let first: RouteGuard | undefined;
    for (const call of callSitesOf(name, fn)) {
      if (!this.isFunction(call.expression, fn)) continue;
      const argument = argumentFor(call, fn, index);
      const parameter = argument ? requestParameter(argument) : undefined;
      const guard = parameter ? this.guardOfParameter(parameter, depth + 1) : undefined;
      if (!guard) return undefined;
      first ??= guard;
    }
    return first;
  }

  /** Does `expression` name the function `fn` (the inline function itself, or a reference to it)? */
  private isFunction(expression: ts.Expression, fn: ts.SignatureDeclaration): boolean {
    const node = stripWrappers(expression);
    if (node === fn) return true;
    if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
    const resolved = projectFunctionOf(node, this.operations.resolver);
    return resolved === fn || (resolved === undefined && namesInjectedMember(node, fn));
  }

  /** A middleware that verifies the request token and stops the request when it fails. */
  private middlewareVerifies(expression: ts.Expression): RouteGuard | undefined {
    const node = stripWrappers(expression);
    // a library middleware (`expressjwt({...})`), directly or through a const or a function returning it
    const made = ts.isCallExpression(node) ? node : constCall(node);
    if (made) {
      if (this.operations.operationsAt(made).some((operation) => operation.kind === 'verify' && operation.isMiddleware)) return { node: expression };
      const maker = projectFunctionOf(made.expression, this.operations.resolver);
      const returned = maker ? returnedExpressions(maker.body).map(stripWrappers) : [];
      if (returned.some((value) => ts.isCallExpression(value) && this.operations.operationsAt(value).some((operation) => operation.kind === 'verify' && operation.isMiddleware)))
        return { node: expression };
      return undefined;
    }
    const fn = projectFunctionOf(node, this.operations.resolver);
    const verified = fn ? this.verifies(fn, true) : undefined;
    return verified ? { node: expression, read: verified.read } : undefined;
  }

  /**
   * Does the function verify a token (a verify operation, or a project function whose summary verifies the
   * argument it is given)? With `middleware`, a verification whose failure calls `next()` lets the request through.
   */
  private verifies(fn: ProjectFunction, middleware: boolean): RouteGuard | null {
    const known = this.verifiers.get(fn);
    if (known !== undefined) return known;
    this.verifiers.set(fn, null);
    // `next` is a middleware's last parameter: Express `(req, res, next)`, Koa `(ctx, next)`
    const next = middleware && fn.parameters.length >= 2 ? fn.parameters[fn.parameters.length - 1] : undefined;
    let found: RouteGuard | null = null;
    const stack: ts.Node[] = [fn.body];
    while (stack.length > 0 && !found) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const token = this.verifiedToken(node);
        if (token !== undefined && !(next && failureContinues(node, next))) found = { node, read: token ? this.requestOrigin(token)?.node : undefined };
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    this.verifiers.set(fn, found);
    return found;
  }

  /** The token a call verifies (null when it verifies one read from its receiver), undefined when it verifies none. */
  private verifiedToken(call: ts.CallExpression | ts.NewExpression): ts.Expression | null | undefined {
    const verify = this.operations.operationsAt(call).find((operation) => operation.kind === 'verify' && operation.verifiesSignature);
    if (verify) return verify.token ?? null;
    for (const callee of this.operations.summaries.functionsAt(call)) {
      const flow = this.operations.summaries.flows(callee).find((candidate) => candidate.role === 'token' && candidate.fact.kind === 'verify' && candidate.fact.verifiesSignature);
      const argument = flow ? call.arguments?.[flow.parameter] : undefined;
      if (flow) return argument && !ts.isSpreadElement(argument) ? argument : null;
    }
    return undefined;
  }
}

/**
 * `this.authController.deleteUser` for the member `deleteUser` of class `AuthController`, when the receiver cannot be
 * resolved (a controller handed to an untyped constructor, as plain JavaScript route classes take them): the member's
 * name and the receiver's name, which is the class's in camel case.
 */
function namesInjectedMember(node: ts.Expression, fn: ts.SignatureDeclaration): boolean {
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== functionName(fn)) return false;
  const owner = ts.isMethodDeclaration(fn) ? fn.parent : ts.isPropertyDeclaration(fn.parent) ? fn.parent.parent : undefined;
  const className = owner && ts.isClassLike(owner) ? owner.name?.text : undefined;
  const receiver = stripWrappers(node.expression);
  const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  return className !== undefined && receiverName !== undefined && receiverName.toLowerCase() === className.toLowerCase();
}

/** The parameter whose request a read starts from (`req` in `req.headers.authorization`, `String(req.get('x'))`). */
function requestParameter(read: ts.Node): ts.ParameterDeclaration | undefined {
  let current: ts.Node = read;
  for (;;) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = current.expression;
    else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isAwaitExpression(current)) current = current.expression;
    else break;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const declaration = findDeclaration(current.text, current);
  return declaration?.kind === 'parameter' && declaration.steps.length === 0 ? declaration.node : undefined;
}

/** Methods with a parameter decorated `@name(...)`. */
function handlersDecoratedWith(sourceFile: ts.SourceFile, name: string, refersToDecorator: (identifier: ts.Identifier) => boolean): ts.SignatureDeclaration[] {
  const found: ts.SignatureDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node) && ts.isParameter(node.parent)) {
      const call = node.expression;
      if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === name && refersToDecorator(call.expression) && !found.includes(node.parent.parent))
        found.push(node.parent.parent);
    }
    node.forEachChild(visit);
  };
  visit(sourceFile);
  return found;
}

/** Is `node` inside `fn`? */
function encloses(fn: ts.Node, node: ts.Node): boolean {
  return fn.getSourceFile() === node.getSourceFile() && fn.pos <= node.pos && node.end <= fn.end;
}

/** The parameter of a function around `site` that an expression passes on (`req` in `bearer(req).trim()`). */
function passedRequest(expression: ts.Expression, site: ts.Node, depth: number): ts.ParameterDeclaration | undefined {
  if (depth > 6) return undefined;
  const node = stripWrappers(expression);
  if (ts.isAwaitExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return passedRequest(node.expression, site, depth + 1);
  if (ts.isCallExpression(node)) {
    for (const part of [node.expression, ...node.arguments]) {
      const found = ts.isSpreadElement(part) ? undefined : passedRequest(part, site, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = findDeclaration(node.text, node);
  if (declaration?.kind === 'parameter') return declaration.steps.length === 0 && encloses(declaration.node.parent, site) ? declaration.node : undefined;
  const initializer = declaration?.kind === 'variable' && declaration.steps.length === 0 ? declaration.node.initializer : undefined;
  return initializer ? passedRequest(initializer, site, depth + 1) : undefined;
}

/** The field of the request a read takes (`authorization` of `req.headers.authorization` or `req.get('Authorization')`), lower case. */
function fieldOf(read: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(read)) return read.name.text.toLowerCase();
  if (ts.isElementAccessExpression(read) && ts.isStringLiteralLike(read.argumentExpression)) return read.argumentExpression.text.toLowerCase();
  if (ts.isCallExpression(read)) {
    const first = read.arguments[0];
    return first && ts.isStringLiteralLike(first) ? first.text.toLowerCase() : undefined;
  }
  return undefined;
}

/**
 * Does the failure path of a verification call `next()` with no error (the request goes on unauthenticated): the
 * catch around it, or the error branch of its callback (`(err, decoded) => { if (err) return next(); ... }`)?
 */
function failureContinues(call: ts.CallExpression | ts.NewExpression, next: ts.ParameterDeclaration): boolean {
  if (!ts.isIdentifier(next.name)) return false;
  const name = next.name.text;
  const callsNext = (scope: ts.Node): boolean => {
    let continues = false;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name && node.arguments.length === 0) continues = true;
      else node.forEachChild(visit);
    };
    visit(scope);
    return continues;
  };
  for (const argument of call.arguments ?? []) {
    const callback = stripWrappers(argument);
    if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) continue;
    const error = callback.parameters[0]?.name;
    if (!error || !ts.isIdentifier(error)) continue;
    let continues = false;
    const visit = (node: ts.Node): void => {
      if (ts.isIfStatement(node) && mentions(node.expression, error.text) && callsNext(node.thenStatement)) continues = true;
      else node.forEachChild(visit);
    };
    visit(callback.body);
    if (continues) return true;
  }
  for (let current: ts.Node | undefined = call.parent; current && !ts.isFunctionLike(current); current = current.parent) {
    if (!ts.isTryStatement(current) || !current.catchClause || !current.tryBlock.getChildren().some((child) => child.pos <= call.pos && call.end <= child.end)) continue;
    return callsNext(current.catchClause.block);
  }
  return false;
}

function mentions(expression: ts.Node, name: string): boolean {
  if (ts.isIdentifier(expression)) return expression.text === name;
  let found = false;
  expression.forEachChild((child) => {
    found ||= mentions(child, name);
  });
  return found;
}

function spread(argument: ts.Expression): ts.Expression[] {
  const node = stripWrappers(argument);
  return ts.isArrayLiteralExpression(node) ? node.elements.filter((element): element is ts.Expression => !ts.isSpreadElement(element)) : [argument];
}

/** `const auth = expressjwt({...})`: the call a const holds. */
function constCall(node: ts.Expression): ts.CallExpression | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = findDeclaration(node.text, node);
  const initializer = declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.isConst ? declaration.node.initializer : undefined;
  const value = initializer ? stripWrappers(initializer) : undefined;
  return value && ts.isCallExpression(value) ? value : undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = stripWrappers(call.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}
