import { ts } from 'ts-morph';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { libraryModels } from '../models/index.js';
import type { JwtOperation, OperationExtractor } from './operations.js';
import { withoutDefault } from '../models/access-paths.js';

/**
 * The names under which a package registers authentication strategies that verify tokens (passport-jwt: NestJS
 * `class S extends PassportStrategy(Strategy, 'name')`, else the library's own name, `jwt`), for guards that
 * name a strategy (`AuthGuard('name')`). Found once per package, in the modules that name such a library.
 */
export class AuthStrategies {
  private readonly byPackage = new Map<string, ReadonlySet<string>>();

  constructor(private readonly operations: OperationExtractor) {}

  /** Does the package of `fileName` register a verifying strategy under `name`? */
  verifies(name: string, fileName: string): boolean {
    const packages = this.operations.packageFiles;
    const root = packages.packageRoot(fileName);
    let names = this.byPackage.get(root);
    if (!names) {
      names = this.namesIn(fileName);
      this.byPackage.set(root, names);
    }
    return names.has(name);
  }

  private namesIn(fileName: string): ReadonlySet<string> {
    const names = new Set<string>();
    const strategies = libraryModels.filter((library) => library.strategyName !== undefined);
    const words = strategies.flatMap((library) => library.packages);
    for (const file of this.operations.packageFiles.filesMentioning(fileName, words)) {
      const loaded = this.operations.resolver.project.load(file);
      if (!loaded) continue;
      const stack: ts.Node[] = [loaded.sourceFile];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          for (const operation of this.operations.operationsAt(node)) {
            const name = operation.kind === 'verify' && operation.isMiddleware && strategies.includes(operation.library) ? strategyNameOf(operation, this.operations.resolver) : undefined;
            if (name) names.add(name);
          }
        }
        node.forEachChild((child) => {
          stack.push(child);
        });
      }
    }
    return names;
  }
}

/** The name a strategy is registered under: the subclass factory's name argument, else the library's own name. */
function strategyNameOf(operation: JwtOperation, resolver: ValueResolver): string | undefined {
  const library = operation.library;
  let current: ts.Node | undefined = operation.call.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  const base = current?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  const made = base ? stripWrappers(base) : undefined;
  if (made && ts.isCallExpression(made)) {
    const factory = resolver.resolve(made.expression);
    const entry = library.subclassFactories?.find((candidate) => isLibraryPath(factory, candidate.module, candidate.path));
    const argument = entry?.nameArg !== undefined ? made.arguments[entry.nameArg] : undefined;
    if (argument) {
      const name = resolver.resolve(argument);
      return name.kind === 'string' ? name.value : undefined;
    }
  }
  return library.strategyName;
}

/** Is the value the export at `path` of `module` (a leading `default` aside)? */
export function isLibraryPath(value: Value, module: string, path: readonly string[]): boolean {
  if (value.kind !== 'library' || value.module !== module) return false;
  const steps = withoutDefault(value.path);
  return steps.length === path.length && path.every((step, i) => steps[i] === step);
}
