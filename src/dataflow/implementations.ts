import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { findDeclaration } from '../binding/scope.js';
import type { FileSearch } from './plumbing.js';

/**
 * The one project class that implements an interface (`class JwtEncoder implements TokenEncoderInterface`), for
 * services injected by interface (inversify `@inject(TYPES.Encoder) private encoder: TokenEncoderInterface`,
 * tsyringe, NestJS tokens): a call through the interface runs that class's method. Searched by name in the package
 * of the asking file; with no implementation, or several, nothing is known (never a guess between classes).
 */
export class InterfaceImplementations {
  private readonly memo = new Map<string, { found: ts.ClassLikeDeclaration | undefined; files: readonly string[] }>();

  constructor(
    private readonly project: Project,
    private readonly search: FileSearch | undefined,
  ) {}

  /** The class implementing the interface a type reference names, when exactly one class in the package does. */
  soleImplementation(typeName: ts.Identifier): ts.ClassLikeDeclaration | undefined {
    const name = typeName.text;
    const pattern = new RegExp(`\\bimplements\\b[^{]*\\b${name}\\b`);
    // the asking file's package, and the package the interface is imported from (a workspace package of contracts)
    const homes = [typeName.getSourceFile().fileName, this.importedFrom(typeName)].filter((file): file is string => file !== undefined);
    const files = [...new Set(homes.flatMap((home) => this.search?.filesMentioning(home, [name], false, pattern) ?? []))];
    const key = `${name}\0${files.join('\0')}`;
    const known = this.memo.get(key);
    if (known) {
      this.project.dependOnAgain(known.files);
      return known.found;
    }
    const { value: found, files: read } = this.project.collectDependencies(() => this.findSole(name, files));
    this.memo.set(key, { found, files: [...read] });
    return found;
  }

  /** The module an imported type name comes from, when it resolves to a project file. */
  private importedFrom(typeName: ts.Identifier): string | undefined {
    const declaration = findDeclaration(typeName.text, typeName);
    if (declaration?.kind !== 'import') return undefined;
    return this.project.resolveImport(typeName.getSourceFile().fileName, declaration.specifier);
  }

  private findSole(name: string, files: readonly string[]): ts.ClassLikeDeclaration | undefined {
    const classes: ts.ClassLikeDeclaration[] = [];
    for (const file of files) {
      const sourceFile = this.project.load(file)?.sourceFile;
      for (const statement of sourceFile?.statements ?? []) {
        if (ts.isClassDeclaration(statement) && implementsName(statement, name)) classes.push(statement);
      }
    }
    return classes.length === 1 ? classes[0] : undefined;
  }
}

function implementsName(declaration: ts.ClassLikeDeclaration, name: string): boolean {
  return (declaration.heritageClauses ?? []).some(
    (clause) =>
      clause.token === ts.SyntaxKind.ImplementsKeyword &&
      clause.types.some((type) => {
        const expression = type.expression;
        return (ts.isIdentifier(expression) && expression.text === name) || (ts.isPropertyAccessExpression(expression) && expression.name.text === name);
      }),
  );
}
