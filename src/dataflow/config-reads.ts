import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { CONFIG_CONTAINERS, type ConfigContainer } from '../models/config-containers.js';
import { findDeclaration } from '../binding/scope.js';
import { singleDefinition } from './definitions.js';
import type { FileSearch } from './plumbing.js';
import { returnedExpressions } from './summaries.js';
import { stripWrappers, type LibraryValue, type Value } from './values.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

/**
 * Configuration read back by key through a container (src/models/config-containers.ts): `configService.get('jwt.secret')`
 * is the value the `jwt` namespace registered with `registerAs('jwt', () => ({ secret: … }))` gives `secret`, and
 * `configService.get('JWT_SECRET', 'dev')` is the environment variable with `'dev'` as its fallback. Registrations are
 * looked for in the package of the read. A read whose key cannot be told, or that nothing registers and no default
 * completes, is left to the caller (a library value, as before).
 */

/** The name loaded root objects are kept under (no namespace name is empty). */
const ROOT = '';
type Resolve = (expression: ts.Expression) => Value;

export class ConfigReads {
  /** Registered namespaces per package file set: namespace name → the objects registered under it. */
  private readonly namespaceMemo = new Map<string, { objects: Map<string, ts.Expression[]>; files: ReadonlySet<string> }>();

  constructor(
    private readonly project: Project,
    private readonly search?: FileSearch,
  ) {}

  /** The value a container read gives, or undefined when the call is none (or nothing is known of it). */
  valueAt(call: ts.CallExpression, callee: Value, resolve: Resolve): Value | undefined {
    const library = callee.kind === 'library' ? callee : typedReceiverMethod(call, resolve);
    if (!library) return undefined;
    const path = withoutDefault(library.path);
    for (const container of CONFIG_CONTAINERS) {
      if (container.module !== library.module) continue;
      const getter = container.getters.find((candidate) => samePath(candidate.path, path));
      if (!getter) continue;
      const keyArgument = call.arguments[getter.keyArg];
      const key = keyArgument && !ts.isSpreadElement(keyArgument) ? resolve(keyArgument) : undefined;
      if (key?.kind !== 'string') return undefined;
      const defaultArgument = getter.defaultArg === undefined ? undefined : call.arguments[getter.defaultArg];
      const fallback = defaultArgument && !ts.isSpreadElement(defaultArgument) ? resolve(defaultArgument) : undefined;
      // `get(key, { infer: true })`: options, not a default
      const usableFallback = fallback && fallback.kind !== 'object' ? fallback : undefined;
      const registered = this.registered(container, key.value, call, resolve);
      const value = registered.length === 1 ? resolve(registered[0]) : registered.length === 0 ? { kind: 'env' as const, node: call, name: key.value } : undefined;
      if (!value) return undefined;
      if (!usableFallback) return registered.length === 1 ? value : undefined;
      const open = value.kind === 'env' || value.kind === 'unknown' || value.kind === 'parameter' || value.kind === 'fallback';
      return open ? { kind: 'fallback', node: call, primary: value, fallback: usableFallback } : value;
    }
    return undefined;
  }

  /** A value typed `ConfigType<typeof jwtConfig>`: the object `jwtConfig`'s factory returns, when it returns one. */
  typedValue(reference: ts.TypeReferenceNode, resolve: Resolve): Value | undefined {
    // `type AuthConfig = ConfigType<typeof authConfig>` named instead, in this module or imported from another
    const type = reference.typeArguments?.length ? reference : aliasedReference(reference, this.project);
    const typeArgument = type?.typeArguments?.[0];
    if (!type) return undefined;
    if (!ts.isIdentifier(type.typeName) || !typeArgument || !ts.isTypeQueryNode(typeArgument) || !ts.isIdentifier(typeArgument.exprName)) return undefined;
    const typeValue = resolve(type.typeName);
    const container = CONFIG_CONTAINERS.find((candidate) => typeValue.kind === 'library' && candidate.module === typeValue.module && candidate.namespaceTypes.includes(typeValue.path[0]));
    const registration = container ? resolve(typeArgument.exprName) : undefined;
    if (!container || registration?.kind !== 'library' || registration.module !== container.module) return undefined;
    const path = withoutDefault(registration.path);
    const form = container.namespaces.find((candidate) => samePath([...candidate.path, '()'], path));
    const factory = form ? registration.sites[registration.sites.length - 1]?.arguments?.[form.factoryArg] : undefined;
    const fn = factory ? stripWrappers(factory) : undefined;
    const returned = fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? returnedExpressions(fn.body) : [];
    return returned.length === 1 ? resolve(returned[0]) : undefined;
  }

  /** The expressions registered for a dotted key (`jwt.secret`: `secret` of the `jwt` namespace's objects). */
  private registered(container: ConfigContainer, key: string, at: ts.Node, resolve: Resolve): ts.Expression[] {
    const [name, ...rest] = key.split(container.keySeparator);
    if (rest.length === 0) return [];
    const namespaces = this.namespaces(container, at, resolve);
    // a namespace's objects at the rest of the key, and the loaded root objects at the whole key
    const candidates: [ts.Expression, string[]][] = [
      ...(namespaces.get(name) ?? []).map((object): [ts.Expression, string[]] => [object, rest]),
      ...(namespaces.get(ROOT) ?? []).map((object): [ts.Expression, string[]] => [object, [name, ...rest]]),
    ];
    return candidates.flatMap(([object, path]) => {
      const found = atPath(object, path);
      return found ? [found] : [];
    });
  }

  private namespaces(container: ConfigContainer, at: ts.Node, resolve: Resolve): Map<string, ts.Expression[]> {
    const words = [...container.namespaces, ...container.loaders].map((form) => form.path[form.path.length - 1]);
    const files = this.search?.filesMentioning(at.getSourceFile().fileName, words) ?? [];
    const memoKey = `${container.library}\0${files.join('\0')}`;
    const known = this.namespaceMemo.get(memoKey);
    if (known) {
      this.project.dependOnAgain(known.files);
      return known.objects;
    }
    const { value: objects, files: read } = this.project.collectDependencies(() => this.findNamespaces(container, files, resolve));
    this.namespaceMemo.set(memoKey, { objects, files: read });
    return objects;
  }

  private findNamespaces(container: ConfigContainer, files: readonly string[], resolve: Resolve): Map<string, ts.Expression[]> {
    const objects = new Map<string, ts.Expression[]>();
    for (const file of files) {
      const sourceFile = this.project.load(file)?.sourceFile;
      const stack: ts.Node[] = sourceFile ? [sourceFile] : [];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (ts.isCallExpression(node)) {
          const found = [...namespaceRegistrations(container, node, resolve), ...loadedObjects(container, node, resolve)];
          for (const [name, object] of found) objects.set(name, [...(objects.get(name) ?? []), object]);
        }
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
    }
    return objects;
  }
}

/** The type reference a type alias names (`type AuthConfig = ConfigType<typeof x>`), declared in this module or imported. */
function aliasedReference(reference: ts.TypeReferenceNode, project: Project): ts.TypeReferenceNode | undefined {
  if (!ts.isIdentifier(reference.typeName)) return undefined;
  const name = reference.typeName.text;
  let sourceFile = reference.getSourceFile();
  let aliasName = name;
  const declaration = findDeclaration(name, reference);
  if (declaration?.kind === 'import') {
    const target = project.resolveImport(sourceFile.fileName, declaration.specifier);
    const loaded = target ? project.load(target)?.sourceFile : undefined;
    if (!loaded) return undefined;
    [sourceFile, aliasName] = [loaded, declaration.imported];
  }
  const alias = sourceFile.statements.find((statement): statement is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(statement) && statement.name.text === aliasName);
  return alias && ts.isTypeReferenceNode(alias.type) && alias.type.typeArguments?.length ? alias.type : undefined;
}

/**
 * `config.get` where `config` is a parameter typed with a library class (`useFactory: (config: ConfigService) => …`):
 * the method of an instance of it. Only asked about calls whose callee is otherwise unknown.
 */
function typedReceiverMethod(call: ts.CallExpression, resolve: Resolve): LibraryValue | undefined {
  const callee = stripWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const receiver = stripWrappers(callee.expression);
  const definition = ts.isIdentifier(receiver) ? singleDefinition(receiver) : undefined;
  const type = definition?.kind === 'parameter' && definition.steps.length === 0 ? definition.node.type : undefined;
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const typeValue = resolve(type.typeName);
  if (typeValue.kind !== 'library' || !CONFIG_CONTAINERS.some((container) => container.module === typeValue.module)) return undefined;
  return { ...typeValue, node: call, path: [...typeValue.path, 'new', callee.name.text] };
}

/** `registerAs('jwt', () => ({ … }))`: the name and the objects its factory returns. */
function namespaceRegistrations(container: ConfigContainer, call: ts.CallExpression, resolve: Resolve): [string, ts.Expression][] {
  const callee = stripWrappers(call.expression);
  const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const form = container.namespaces.find((candidate) => candidate.path[candidate.path.length - 1] === calleeName);
  if (!form) return [];
  const resolved = resolve(callee);
  if (resolved.kind !== 'library' || resolved.module !== container.module || !samePath(withoutDefault(resolved.path), form.path)) return [];
  const nameArgument = call.arguments[form.nameArg];
  const name = nameArgument && !ts.isSpreadElement(nameArgument) ? resolve(nameArgument) : undefined;
  const factory = call.arguments[form.factoryArg] ? stripWrappers(call.arguments[form.factoryArg]) : undefined;
  if (name?.kind !== 'string' || !factory || !(ts.isArrowFunction(factory) || ts.isFunctionExpression(factory))) return [];
  return returnedExpressions(factory.body).map((returned) => [name.value, returned]);
}

/** `ConfigModule.forRoot({ load: [configuration] })`: the objects each loaded project factory returns, at the root. */
function loadedObjects(container: ConfigContainer, call: ts.CallExpression, resolve: Resolve): [string, ts.Expression][] {
  const callee = stripWrappers(call.expression);
  const form = ts.isPropertyAccessExpression(callee) ? container.loaders.find((candidate) => candidate.path[candidate.path.length - 1] === callee.name.text) : undefined;
  if (!form) return [];
  const resolved = resolve(callee);
  if (resolved.kind !== 'library' || resolved.module !== container.module || !samePath(withoutDefault(resolved.path), form.path)) return [];
  const options = call.arguments[form.optionsArg];
  const load = options && !ts.isSpreadElement(options) ? atPath(options, [form.option]) : undefined;
  const list = load ? stripWrappers(load) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.flatMap((element) => {
    const factory = ts.isSpreadElement(element) ? undefined : resolve(element);
    return factory?.kind === 'function' && 'body' in factory.node && factory.node.body
      ? returnedExpressions(factory.node.body as ts.ConciseBody).map((returned): [string, ts.Expression] => [ROOT, returned])
      : [];
  });
}

/** The expression an object literal writes at a property path (`{ jwt: { secret: e } }` at [jwt, secret] → e). */
function atPath(expression: ts.Expression, path: readonly string[]): ts.Expression | undefined {
  if (path.length === 0) return expression;
  const object = stripWrappers(expression);
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === path[0]) {
      return atPath(property.initializer, path.slice(1));
    }
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === path[0]) return path.length === 1 ? property.name : undefined;
  }
  return undefined;
}
