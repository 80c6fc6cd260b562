import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { isModuleConfigCallee, libraryModels, modelForPackage, normalizePath } from '../models/index.js';
import type { LibraryModel } from '../models/types.js';
import type { PackageFiles } from './package-files.js';
import { decoratedNameAt, registrationUsesName } from './decorated-names.js';
import { propertyNameText } from '../dataflow/object-literals.js';

/**
 * Application-wide configuration of a library (`JwtModule.register(options)`, `fastify.register(fastifyJwt,
 * options)`), found lazily: when an operation needs its defaults, the files directly inside the operation's
 * directory and each ancestor directory up to the package root are searched (the usual layout puts the module or
 * plugin registration in `src/app.module.ts` / `src/auth/auth.module.ts` above or next to its users).
 *
 * The registration that applies is the one in the same file, else the one in the nearest directory, else the
 * only registration of the library in the package (a plugin registered once decorates the whole application,
 * also for route modules in a sibling directory of the plugin's). When the
 * nearest level holds several registrations, which one applies is not known (`ambiguous`) — except for plugins
 * registered on several framework instances of one file (`app.register(fastifyJwt, a)`, `admin.register(fastifyJwt,
 * b)`): an operation on an instance (`app.jwt.verify`, `request.jwtVerify()` in a route of `app`, also inside
 * a child plugin `app.register(async (child) => ...)`) takes the registration of that instance or of the
 * nearest instance it was registered under.
 */
export interface Registration {
  /** The registering call, or the module listed bare (`imports: [JwtModule]`). */
  node: ts.CallExpression | ts.NewExpression | ts.Identifier | ts.PropertyAccessExpression;
  /** The resolved options object (unknown when it cannot be seen). */
  options: Value;
  /** For plugins: the declaration of the framework instance it is registered on (`const app = Fastify()`, a plugin's `instance` parameter). */
  instance?: ts.Node;
}

/** A registration found in a file, with where its options hold key material (for rules that look at registrations alone). */
export interface ModuleRegistration extends Registration {
  library: LibraryModel;
  /** Paths inside the options that hold key material (`['secret']`, `['privateKey']`, `['secret', 'private']`). */
  keyPaths: readonly (readonly string[])[];
}

const MAX_INSTANCE_STEPS = 6;

export type RegistrationLookup = { state: 'found'; registration: Registration } | { state: 'none' } | { state: 'ambiguous'; registrations: Registration[] };

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

export class ModuleConfigIndex {
  private readonly byFile = new WeakMap<ts.SourceFile, Map<LibraryModel, Registration[]>>();
  private readonly dirListing = new Map<string, string[]>();

  constructor(
    private readonly project: Project,
    private readonly resolver: ValueResolver,
    private readonly packages: PackageFiles,
  ) {}

  /** Answers that did not depend on the call site, per library, file and decoration name, with the files they read. */
  private readonly answers = new Map<LibraryModel, Map<string, { lookup: RegistrationLookup; files: ReadonlySet<string> }>>();

  /** The registration of `library` that governs code in `fileName`. */
  lookup(library: LibraryModel, fileName: string, site?: ts.Node): RegistrationLookup {
    // a plugin that decorates under a name of its options (Elysia `name`): only the registrations under the call's name
    const name = decoratedNameAt(library, site);
    // memoised: a file calls a decorated member many times (and `Math.sign(x)` looks like one to a plugin's gate)
    const answers = this.answers.get(library) ?? new Map<string, { lookup: RegistrationLookup; files: ReadonlySet<string> }>();
    this.answers.set(library, answers);
    const key = `${fileName}\0${name ?? ''}`;
    const known = answers.get(key);
    if (known) {
      this.project.dependOnAgain(known.files);
      return known.lookup;
    }
    let bySite = false;
    const { value, files } = this.project.collectDependencies(() =>
      this.find(library, fileName, name, site, () => {
        bySite = true;
      }),
    );
    if (!bySite) answers.set(key, { lookup: value, files });
    return value;
  }

  private find(library: LibraryModel, fileName: string, name: string | undefined, site: ts.Node | undefined, usesSite: () => void): RegistrationLookup {
    const registrationsIn = (file: string) => {
      const all = this.registrationsIn(file, library);
      return name === undefined ? all : all.filter((registration) => registrationUsesName(registration.options, library, name));
    };
    const own = registrationsIn(fileName);
    if (own.length === 1) return { state: 'found', registration: own[0] };
    if (own.length > 1) {
      usesSite();
      const registration = site && library.moduleConfig?.kind === 'plugin' ? registrationOfInstance(own, site, library.moduleConfig.method) : undefined;
      return registration ? { state: 'found', registration } : { state: 'ambiguous', registrations: own };
    }
    // the package's own directories only: a registration of another package of a monorepo governs nothing here
    const root = this.packages.packageRoot(fileName);
    let dir = path.dirname(path.resolve(fileName));
    for (;;) {
      if (path.relative(root, dir).startsWith('..')) break;
      const found: Registration[] = [];
      for (const file of this.sourceFilesIn(dir)) {
        if (file === path.resolve(fileName)) continue;
        found.push(...registrationsIn(file));
      }
      if (found.length === 1) return { state: 'found', registration: found[0] };
      if (found.length > 1) return { state: 'ambiguous', registrations: found };
      if (dir === root) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const inPackage = this.registrationsInPackage(library, fileName).filter((registration) => name === undefined || registrationUsesName(registration.options, library, name));
    return inPackage.length === 1 ? { state: 'found', registration: inPackage[0] } : { state: 'none' };
  }

  /** Every registration of `library` in the package of `fileName` (files that name the library only). */
  registrationsInPackage(library: LibraryModel, fileName: string): Registration[] {
    return this.packages.filesMentioning(fileName, library.packages).flatMap((file) => this.registrationsIn(file, library));
  }

  private sourceFilesIn(dir: string): string[] {
    let listing = this.dirListing.get(dir);
    if (listing) return listing;
    listing = [];
    try {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) listing.push(path.join(dir, entry.name));
      }
    } catch (error) {
      // An unreadable directory holds no registration we can see; the walk reports it when scanning.
      if (!(error instanceof Error && 'code' in error)) throw error;
    }
    listing.sort();
    this.dirListing.set(dir, listing);
    return listing;
  }

  /**
   * Every registration made in this file, of any module-configured library, with the paths of its options
   * that hold key material (the module defaults of the library's key options).
   */
  registrationsOfFile(fileName: string): ModuleRegistration[] {
    const found: ModuleRegistration[] = [];
    for (const library of libraryModels) {
      if (!library.moduleConfig) continue;
      const keyPaths: string[][] = [];
      for (const operation of library.operations) {
        const key = operation.keyOption;
        for (const location of key ? [key, ...(key.alternatives ?? [])] : []) {
          const path = location.moduleDefault;
          if (path && !keyPaths.some((known) => known.join('.') === path.join('.'))) keyPaths.push([...path]);
        }
      }
      if (keyPaths.length === 0) continue;
      for (const registration of this.registrationsIn(fileName, library)) found.push({ ...registration, library, keyPaths });
    }
    return found;
  }

  private registrationsIn(fileName: string, library: LibraryModel): Registration[] {
    // Cheap text test before any parse: the package must be named in the file (most files searched do not)
    const namesPackage = (text: string) => library.packages.some((specifier) => text.includes(specifier));
    if (!this.project.textPasses(fileName, `names ${library.packages.join(' ')}`, namesPackage)) return [];
    const file = this.project.load(fileName);
    if (!file) return [];
    // keyed by the tree: a file loaded as a dependency is parsed again when it is scanned, and registrations
    // must be nodes of the tree its operations are found in
    let perLibrary = this.byFile.get(file.sourceFile);
    if (!perLibrary) {
      perLibrary = new Map();
      this.byFile.set(file.sourceFile, perLibrary);
    }
    const cached = perLibrary.get(library);
    if (cached) return cached;
    const found: Registration[] = [];
    perLibrary.set(library, found);
    const config = library.moduleConfig;
    if (!config) return found;
    const stack: ts.Node[] = [file.sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node)) {
        const registration = this.registrationAt(node, library);
        if (registration) found.push(registration);
      } else if (ts.isArrayLiteralExpression(node) && config.kind === 'call' && config.bareModule) {
        found.push(...this.bareRegistrationsIn(node, library, config.bareModule));
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    found.sort((a, b) => a.node.getStart() - b.node.getStart());
    return found;
  }

  private registrationAt(node: ts.CallExpression, library: LibraryModel): Registration | undefined {
    const config = library.moduleConfig!;
    const callee = stripWrappers(node.expression);
    if (config.kind === 'plugin') {
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== config.method) return undefined;
      const plugin = node.arguments[config.pluginArg];
      if (!plugin || ts.isSpreadElement(plugin)) return undefined;
      if (this.isLibraryRoot(plugin, library)) return { node, options: this.optionsOf(node.arguments[config.optionsArg], node), instance: declarationOfRoot(callee.expression) };
      // Hapi `server.register({ plugin: Jwt, options: {...} })`
      const wrapper = config.pluginProperty ? this.resolver.resolve(plugin) : undefined;
      const inner = wrapper?.kind === 'object' && config.pluginProperty ? wrapper.props.get(config.pluginProperty) : undefined;
      if (!inner || inner.value.kind !== 'library' || !this.isLibraryValue(inner.value, library)) return undefined;
      const options = wrapper?.kind === 'object' ? (wrapper.props.get('options')?.value ?? { kind: 'undefined' as const, node }) : { kind: 'undefined' as const, node };
      return { node, options, instance: declarationOfRoot(callee.expression) };
    }
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return undefined;
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library' || modelForPackage(value.module) !== library) return undefined;
    if (!isModuleConfigCallee(library, normalizePath(library, value.path))) return undefined;
    let options = this.optionsOf(node.arguments[config.optionsArg], node);
    if (config.factoryProperty && options.kind === 'object') {
      const factory = options.props.get(config.factoryProperty);
      if (factory) options = this.returnedBy(factory.value, node);
    }
    return { node, options };
  }

  /** `imports: [JwtModule]`: the module listed without a configuring call, a registration with empty options. */
  private bareRegistrationsIn(list: ts.ArrayLiteralExpression, library: LibraryModel, bareModule: { path: readonly string[]; listedIn: string }): Registration[] {
    const found: Registration[] = [];
    const holder = list.parent;
    if (!ts.isPropertyAssignment(holder) || holder.initializer !== list || propertyNameText(holder.name, (expression) => this.resolver.resolve(expression)) !== bareModule.listedIn)
      return found;
    for (const element of list.elements) {
      if (!ts.isIdentifier(element) && !ts.isPropertyAccessExpression(element)) continue;
      const value = this.resolver.resolve(element);
      if (value.kind !== 'library' || modelForPackage(value.module) !== library) continue;
      if (normalizePath(library, value.path).join('.') !== bareModule.path.join('.')) continue;
      found.push({ node: element, options: { kind: 'object', node: element, props: new Map(), open: false } });
    }
    return found;
  }

  /** Is the expression the library's main export (`import fastifyJwt from '@fastify/jwt'`, `require(...)`)? */
  private isLibraryRoot(expression: ts.Expression, library: LibraryModel): boolean {
    return this.isLibraryValue(this.resolver.resolve(expression), library);
  }

  /** The module, its default export, or a named export that is the plugin (ModuleConfigModel `namedExports`). */
  private isLibraryValue(value: Value, library: LibraryModel): boolean {
    if (value.kind !== 'library' || modelForPackage(value.module) !== library) return false;
    const normalized = normalizePath(library, value.path);
    const named = library.moduleConfig?.kind === 'plugin' ? (library.moduleConfig.namedExports ?? []) : [];
    return normalized.length === 0 || (normalized.length === 1 && (normalized[0] === 'default' || named.includes(normalized[0])));
  }

  private optionsOf(argument: ts.Expression | undefined, at: ts.Node): Value {
    if (!argument) return { kind: 'undefined', node: at };
    if (ts.isSpreadElement(argument)) return { kind: 'unknown', node: argument };
    return this.resolver.resolve(argument);
  }

  /** The object a factory (`useFactory: () => ({ ... })`) returns; unknown unless it has one visible return. */
  private returnedBy(value: Value, at: ts.Node): Value {
    if (value.kind !== 'function') return { kind: 'unknown', node: at };
    const fn = value.node;
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.body) {
      if (!ts.isBlock(fn.body)) return this.resolver.resolve(fn.body);
      const returns: ts.ReturnStatement[] = [];
      const stack: ts.Node[] = [fn.body];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (ts.isReturnStatement(node)) returns.push(node);
        if (ts.isFunctionLike(node)) continue;
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
      if (returns.length === 1 && returns[0].expression) return this.resolver.resolve(returns[0].expression);
    }
    return { kind: 'unknown', node: at };
  }
}

/** The declaration of the identifier an expression's member chain starts from (`app` in `app.jwt`). */
function declarationOfRoot(expression: ts.Expression): ts.Node | undefined {
  let current = stripWrappers(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = stripWrappers(current.expression);
  if (!ts.isIdentifier(current)) return undefined;
  return findDeclaration(current.text, current)?.node;
}

/**
 * The framework instances an operation runs on, nearest first: the root of its receiver (`app` in
 * `app.jwt.verify()`), or for a handler parameter (`request` in `app.get('/', async (request) => request.jwtVerify())`)
 * the instance the handler is registered on; a child plugin's instance parameter
 * (`app.register(async (child) => ...)`) is followed by the instance it was registered on.
 */
function instancesOf(site: ts.Node, registerMethod: string): ts.Node[] {
  if (!ts.isCallExpression(site) && !ts.isNewExpression(site)) return [];
  const callee = stripWrappers(site.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return [];
  const chain: ts.Node[] = [];
  let receiver: ts.Expression | undefined = callee.expression;
  for (let step = 0; receiver && step < MAX_INSTANCE_STEPS; step += 1) {
    let root = stripWrappers(receiver);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = stripWrappers(root.expression);
    if (!ts.isIdentifier(root)) break;
    const declaration = findDeclaration(root.text, root);
    if (!declaration) break;
    if (declaration.kind !== 'parameter') {
      chain.push(declaration.node);
      break;
    }
    // a parameter of a callback given to `<instance>.method(...)` (directly or as a property of an options object)
    const fn = declaration.node.parent;
    let holder: ts.Node = fn;
    if (ts.isPropertyAssignment(holder.parent) && ts.isObjectLiteralExpression(holder.parent.parent)) holder = holder.parent.parent;
    const call = holder.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !call || !ts.isCallExpression(call) || !call.arguments.includes(holder as ts.Expression)) break;
    const method = stripWrappers(call.expression);
    if (!ts.isPropertyAccessExpression(method)) break;
    // `app.register(async (child) => ...)`: the child instance itself, then the instance it inherits from
    if (method.name.text === registerMethod && holder === fn && declaration.index === 0 && declaration.steps.length === 0) chain.push(declaration.node);
    receiver = method.expression;
  }
  return chain;
}

/** The one registration made on the nearest instance the operation runs on (see instancesOf). */
function registrationOfInstance(registrations: readonly Registration[], site: ts.Node, registerMethod: string): Registration | undefined {
  for (const instance of instancesOf(site, registerMethod)) {
    const matching = registrations.filter((registration) => registration.instance === instance);
    if (matching.length === 1) return matching[0];
    if (matching.length > 1) return undefined;
  }
  return undefined;
}
