import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { isModuleConfigCallee, modelForPackage, normalizePath } from '../models/index.js';
import type { LibraryModel } from '../models/types.js';

/**
 * Application-wide configuration of a library (`JwtModule.register(options)`, `fastify.register(fastifyJwt,
 * options)`), found lazily: when an operation needs its defaults, the files directly inside the operation's
 * directory and each ancestor directory up to the scan root are searched (the usual layout puts the module or
 * plugin registration in `src/app.module.ts` / `src/auth/auth.module.ts` above or next to its users).
 *
 * The registration that applies is the one in the same file, else the one in the nearest directory. When the
 * nearest level holds several registrations, which one applies is not known (`ambiguous`).
 */
export interface Registration {
  /** The registering call. */
  node: ts.CallExpression | ts.NewExpression;
  /** The resolved options object (unknown when it cannot be seen). */
  options: Value;
}

export type RegistrationLookup =
  | { state: 'found'; registration: Registration }
  | { state: 'none' }
  | { state: 'ambiguous'; registrations: Registration[] };

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

export class ModuleConfigIndex {
  private readonly byFile = new Map<string, Map<LibraryModel, Registration[]>>();
  private readonly dirListing = new Map<string, string[]>();

  constructor(
    private readonly project: Project,
    private readonly resolver: ValueResolver,
  ) {}

  /** The registration of `library` that governs code in `fileName`. */
  lookup(library: LibraryModel, fileName: string): RegistrationLookup {
    const own = this.registrationsIn(fileName, library);
    if (own.length === 1) return { state: 'found', registration: own[0] };
    if (own.length > 1) return { state: 'ambiguous', registrations: own };
    const root = path.resolve(this.project.root);
    let dir = path.dirname(path.resolve(fileName));
    for (;;) {
      if (path.relative(root, dir).startsWith('..')) break;
      const found: Registration[] = [];
      for (const file of this.sourceFilesIn(dir)) {
        if (file === path.resolve(fileName)) continue;
        found.push(...this.registrationsIn(file, library));
      }
      if (found.length === 1) return { state: 'found', registration: found[0] };
      if (found.length > 1) return { state: 'ambiguous', registrations: found };
      if (dir === root) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return { state: 'none' };
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

  private registrationsIn(fileName: string, library: LibraryModel): Registration[] {
    let perLibrary = this.byFile.get(fileName);
    if (!perLibrary) {
      perLibrary = new Map();
      this.byFile.set(fileName, perLibrary);
    }
    const cached = perLibrary.get(library);
    if (cached) return cached;
    const found: Registration[] = [];
    perLibrary.set(library, found);
    const config = library.moduleConfig;
    if (!config) return found;
    const file = this.project.load(fileName);
    if (!file) return found;
    // Cheap text test before walking the tree: the package must be named in the file.
    if (!library.packages.some((specifier) => file.text.includes(specifier))) return found;
    const stack: ts.Node[] = [file.sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node)) {
        const registration = this.registrationAt(node, library);
        if (registration) found.push(registration);
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
      if (!plugin || !this.isLibraryRoot(plugin, library)) return undefined;
      return { node, options: this.optionsOf(node.arguments[config.optionsArg], node) };
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

  /** Is the expression the library's main export (`import fastifyJwt from '@fastify/jwt'`, `require(...)`)? */
  private isLibraryRoot(expression: ts.Expression, library: LibraryModel): boolean {
    const value = this.resolver.resolve(expression);
    if (value.kind !== 'library' || modelForPackage(value.module) !== library) return false;
    const normalized = normalizePath(library, value.path);
    return normalized.length === 0 || (normalized.length === 1 && (normalized[0] === 'default' || normalized[0] === 'fastifyJwt'));
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
