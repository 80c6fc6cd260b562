import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { argumentFor, callSitesOf } from '../dataflow/call-sites.js';
import { singleDefinition } from '../dataflow/definitions.js';
import type { CarriedValues } from '../dataflow/plumbing.js';
import { isRequestPart, requestPartOf } from '../dataflow/request-sources.js';
import { projectFunctionOf, returnedExpressions, type ProjectFunction } from '../dataflow/summaries.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { ROUTE_GUARDS } from '../models/http.js';
import { PASSPORT_USER } from '../models/passport-user.js';
import { isLibraryPath } from './auth-strategies.js';
import type { OperationExtractor } from './operations.js';

/**
 * The user passport puts on the request of a guarded route (src/models/passport-user.ts): `req.user` in a handler
 * whose route runs the strategies named `github` (`@UseGuards(AuthGuard('github'))`, `passport.authenticate('github')`)
 * is what those strategies hand passport — their `validate()` return value or `done(null, user)` argument. Only
 * strategies registered under a name the route names count; a handler no strategy guards has no known user.
 */
export class PassportUsers {
  private readonly strategiesByPackage = new Map<string, ReadonlyMap<string, readonly ts.Expression[]>>();

  constructor(private readonly operations: OperationExtractor) {}

  /** For token provenance: `req.user.token` in a guarded handler is the strategies' users read at `token`. */
  carriedAt(base: ts.Expression, names: string[]): CarriedValues | undefined {
    const fromRequest = names[0] === PASSPORT_USER.requestMember;
    const users = fromRequest ? this.usersOf(base) : this.decoratedUsers(base);
    return users && { values: users, names: fromRequest ? names.slice(1) : names, message: 'handed to passport as the request user' };
  }

  /** A handler parameter carrying a param decorator whose factory returns the request's user (`@CurrentUser() user`). */
  private decoratedUsers(base: ts.Expression): readonly ts.Expression[] | undefined {
    const node = stripWrappers(base);
    const definition = ts.isIdentifier(node) ? singleDefinition(node) : undefined;
    if (definition?.kind !== 'parameter' || definition.steps.length > 0) return undefined;
    const decorators = ts.getDecorators(definition.node) ?? [];
    if (!decorators.some((decorator) => this.givesUser(decorator.expression))) return undefined;
    const strategies = this.strategiesOf(node.getSourceFile().fileName);
    const users = this.guardNames(definition.fn).flatMap((name) => strategies.get(name) ?? []);
    return users.length > 0 ? users : undefined;
  }

  /** `@CurrentUser()` made by `createParamDecorator((data, ctx) => ctx.switchToHttp().getRequest().user)`. */
  private givesUser(expression: ts.Expression): boolean {
    const call = stripWrappers(expression);
    if (!ts.isCallExpression(call)) return false;
    const made = this.resolve(call.expression);
    if (made.kind !== 'library' || !ROUTE_GUARDS.paramDecoratorFactories.some((entry) => isLibraryPath(made, entry.module, [...entry.path, '()']))) return false;
    const factory = made.sites[made.sites.length - 1]?.arguments?.[0];
    const fn = factory ? stripWrappers(factory) : undefined;
    if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
    return returnedExpressions(fn.body).some((returned) => {
      const node = stripWrappers(returned);
      return ts.isPropertyAccessExpression(node) && node.name.text === PASSPORT_USER.requestMember;
    });
  }

  /** The user expressions `request.user` may be, for the request parameter of a guarded handler; undefined otherwise. */
  usersOf(request: ts.Expression): readonly ts.Expression[] | undefined {
    const node = stripWrappers(request);
    if (!ts.isIdentifier(node) || !isRequestPart(requestPartOf(node))) return undefined;
    const definition = singleDefinition(node);
    if (definition?.kind !== 'parameter' || definition.steps.length > 0) return undefined;
    const names = this.guardNames(definition.fn);
    if (names.length === 0) return undefined;
    const strategies = this.strategiesOf(node.getSourceFile().fileName);
    const users = names.flatMap((name) => strategies.get(name) ?? []);
    return users.length > 0 ? users : undefined;
  }

  private resolve(expression: ts.Expression): Value {
    return this.operations.resolver.resolve(expression);
  }

  /** The strategy names a handler's route runs: its `@UseGuards(...)` (method or class), or the middlewares registered before it. */
  private guardNames(fn: ts.SignatureDeclaration): string[] {
    const names: string[] = [];
    const holders = ts.isMethodDeclaration(fn) ? [fn, fn.parent] : [];
    for (const holder of holders) {
      for (const decorator of ts.canHaveDecorators(holder) ? (ts.getDecorators(holder) ?? []) : []) {
        const call = decorator.expression;
        if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !ROUTE_GUARDS.guardDecorators.has(call.expression.text)) continue;
        for (const guard of call.arguments) names.push(...this.guardClassNames(guard));
      }
    }
    for (const method of ROUTE_GUARDS.routeMethods) {
      for (const route of callSitesOf(method, fn)) {
        const at = route.arguments.findIndex((argument) => stripWrappers(argument) === fn);
        if (at < 0) continue;
        for (const middleware of route.arguments.slice(0, at)) names.push(...this.namedByGuardCall(middleware));
        names.push(...this.mountedBefore(route));
      }
    }
    return names;
  }

  /** `router.use(passport.authenticate('jwt'))` earlier in the file on the router the route is registered on. */
  private mountedBefore(route: ts.CallExpression): string[] {
    const callee = stripWrappers(route.expression);
    if (!ts.isPropertyAccessExpression(callee)) return [];
    const router = stripWrappers(callee.expression).getText();
    const names: string[] = [];
    for (const method of ROUTE_GUARDS.mountMethods) {
      for (const mount of callSitesOf(method, route)) {
        const mounted = stripWrappers(mount.expression);
        if (!ts.isPropertyAccessExpression(mounted) || stripWrappers(mounted.expression).getText() !== router || mount.getStart() > route.getStart()) continue;
        for (const middleware of mount.arguments) names.push(...this.namedByGuardCall(middleware));
      }
    }
    return names;
  }

  /** `AuthGuard('github')`, a guard class that extends it, or one a project function makes for a strategy name. */
  private guardClassNames(guard: ts.Expression): string[] {
    const direct = this.namedByGuardCall(guard);
    if (direct.length > 0) return direct;
    const node = stripWrappers(guard);
    if (ts.isCallExpression(node)) return this.madeByGuardFactory(node);
    const value = this.resolve(node);
    const base = value.kind === 'class' ? extendedBy(value.node) : undefined;
    return base ? this.namedByGuardCall(base) : [];
  }

  /**
   * `OAuthCallbackGuard('google')` where the project function declares a class extending `AuthGuard(strategy)` and
   * returns it (as it is, or through Nest's `mixin`): the name its parameter is given at this call.
   */
  private madeByGuardFactory(call: ts.CallExpression): string[] {
    const fn = projectFunctionOf(call.expression, this.operations.resolver);
    if (!fn) return [];
    const names: string[] = [];
    const stack: ts.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const base = ts.isClassDeclaration(node) || ts.isClassExpression(node) ? extendedBy(node) : undefined;
      if (base) names.push(...this.namedByGuardCall(base, (name) => parameterArgument(fn, name, call)));
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return names;
  }

  /**
   * The strategy names a guard call names (`AuthGuard('jwt')`, `AuthGuard(['jwt', 'github'])`, `passport.authenticate('local', …)`).
   * `bound` gives the expression a name stands for (a guard factory's parameter: the argument of its call).
   */
  private namedByGuardCall(expression: ts.Expression, bound?: (name: ts.Expression) => ts.Expression | undefined): string[] {
    const call = stripWrappers(expression);
    if (!ts.isCallExpression(call)) return [];
    const callee = this.resolve(call.expression);
    const guard = PASSPORT_USER.routeGuards.find((candidate) => isLibraryPath(callee, candidate.module, candidate.path));
    const given = guard ? call.arguments[guard.nameArg] : undefined;
    const argument = given && (bound?.(given) ?? given);
    const value = argument ? this.resolve(argument) : undefined;
    if (value?.kind === 'string') return [value.value];
    return value?.kind === 'array' ? value.elements.flatMap((element) => (element.kind === 'string' ? [element.value] : [])) : [];
  }

  /** Strategies of the package of `fileName` by name, with the user expressions each hands passport. Found once per package. */
  private strategiesOf(fileName: string): ReadonlyMap<string, readonly ts.Expression[]> {
    const root = this.operations.packageFiles.packageRoot(fileName);
    let known = this.strategiesByPackage.get(root);
    if (known) return known;
    const found = new Map<string, ts.Expression[]>();
    const add = (name: string | undefined, users: ts.Expression[]): void => {
      if (name !== undefined && users.length > 0) found.set(name, [...(found.get(name) ?? []), ...users]);
    };
    const words = [...PASSPORT_USER.strategyClasses, ...PASSPORT_USER.registrations].map((entry) => entry.module);
    for (const file of this.operations.packageFiles.filesMentioning(fileName, words)) {
      const sourceFile = this.operations.resolver.project.load(file)?.sourceFile;
      const stack: ts.Node[] = sourceFile ? [sourceFile] : [];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) add(...this.strategyClass(node));
        else if (ts.isCallExpression(node)) add(...this.registration(node));
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
    }
    this.strategiesByPackage.set(root, (known = found));
    return known;
  }

  /** `class S extends PassportStrategy(Strategy, 'name') { validate() {} }`: its name and users. */
  private strategyClass(node: ts.ClassLikeDeclaration): [string | undefined, ts.Expression[]] {
    const base = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    const made = base ? stripWrappers(base) : undefined;
    if (!made || !ts.isCallExpression(made)) return [undefined, []];
    const factory = this.resolve(made.expression);
    const entry = PASSPORT_USER.strategyClasses.find((candidate) => isLibraryPath(factory, candidate.module, candidate.path));
    if (!entry) return [undefined, []];
    const validate = node.members.find(
      (member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === PASSPORT_USER.userMethod,
    );
    const strategy = made.arguments[entry.baseArg];
    return [this.nameOf(made.arguments[entry.nameArg], strategy), validate ? usersOfVerify(validate) : []];
  }

  /** `passport.use(['name',] new Strategy([options,] verify))`: its name and users. */
  private registration(call: ts.CallExpression): [string | undefined, ts.Expression[]] {
    const callee = this.resolve(call.expression);
    if (!PASSPORT_USER.registrations.some((candidate) => isLibraryPath(callee, candidate.module, candidate.path))) return [undefined, []];
    const made = call.arguments.length > 0 ? stripWrappers(call.arguments[call.arguments.length - 1]) : undefined;
    if (!made || !ts.isNewExpression(made)) return [undefined, []];
    const verify = made.arguments && made.arguments.length > 0 ? stripWrappers(made.arguments[made.arguments.length - 1]) : undefined;
    const users = verify && (ts.isArrowFunction(verify) || ts.isFunctionExpression(verify)) ? usersOfVerify(verify) : [];
    return [this.nameOf(call.arguments.length > 1 ? call.arguments[0] : undefined, made.expression), users];
  }

  /** The name given explicitly, else the strategy package's own. */
  private nameOf(given: ts.Expression | undefined, strategy: ts.Expression | undefined): string | undefined {
    if (given) {
      const value = this.resolve(given);
      return value.kind === 'string' ? value.value : undefined;
    }
    const value = strategy ? this.resolve(strategy) : undefined;
    return value?.kind === 'library' ? PASSPORT_USER.defaultNames.get(value.module) : undefined;
  }
}

/** What a verify function hands passport: its return values, and the user argument of its last parameter's calls (`done(null, user)`). */
function usersOfVerify(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  const users = returnedExpressions(fn.body).filter((expression) => !ts.isCallExpression(stripWrappers(expression)) || !isDoneCall(stripWrappers(expression) as ts.CallExpression, fn));
  const last = fn.parameters[fn.parameters.length - 1];
  if (last && ts.isIdentifier(last.name)) {
    for (const call of callSitesOf(last.name.text, fn)) {
      const user = call.arguments[PASSPORT_USER.doneUserArg];
      if (isDoneCall(call, fn) && user && !ts.isSpreadElement(user)) users.push(user);
    }
  }
  return users;
}

/** A call of the verify function's own last parameter (its `done`), inside it. */
function isDoneCall(call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): boolean {
  const callee = stripWrappers(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const definition = singleDefinition(callee);
  return definition?.kind === 'parameter' && definition.fn === fn && definition.index === fn.parameters.length - 1;
}

/** The expression a class extends (`AuthGuard('jwt')` in `class G extends AuthGuard('jwt')`). */
function extendedBy(node: ts.ClassLikeDeclaration): ts.Expression | undefined {
  return node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
}

/** The argument `call` gives for `name` when it is one of `fn`'s parameters (a whole parameter, not destructured). */
function parameterArgument(fn: ProjectFunction, name: ts.Expression, call: ts.CallExpression): ts.Expression | undefined {
  const node = stripWrappers(name);
  const declaration = ts.isIdentifier(node) ? findDeclaration(node.text, node) : undefined;
  if (declaration?.kind !== 'parameter' || declaration.steps.length > 0) return undefined;
  const index = fn.parameters.indexOf(declaration.node);
  return index < 0 ? undefined : argumentFor(call, fn, index);
}
