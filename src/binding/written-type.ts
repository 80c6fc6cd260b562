import { ts } from 'ts-morph';
import { findDeclaration } from './scope.js';

/**
 * What a declared type says about a value by its name alone: the names it goes by (as written, the name an import
 * renames, the types a local alias or interface of the file stands for) and whether the project declares it. A
 * framework's request type is known by name (`Request`, `Context`); a project's own type
 * (`interface AuthRequest extends Request`, `type Ctx = ParameterizedContext<State>`) usually extends one.
 */
export interface WrittenType {
  names: string[];
  /** Declared in the project (this file, or a relative or path-aliased module), not by a package or the runtime. */
  projectDeclared: boolean;
}

const MAX_ALIAS_STEPS = 3;
/** Import specifiers of the project's own modules: relative, absolute, or a conventional path alias (`@/`, `~/`, `#`). */
const PROJECT_SPECIFIER = /^(?:\.{1,2}\/|\/|@\/|~\/|#)/;

/** A type name as written: `Request`, `Koa.Context` (name 'Context', root `Koa`). */
interface TypeName {
  name: string;
  root: ts.Identifier;
  qualified: boolean;
}

function nameOfEntity(entity: ts.EntityName): TypeName {
  let root: ts.EntityName = entity;
  while (!ts.isIdentifier(root)) root = root.left;
  return { name: ts.isIdentifier(entity) ? entity.text : entity.right.text, root, qualified: !ts.isIdentifier(entity) };
}

/** An interface's base as written (`extends Request`, `extends Express.Request`). */
function nameOfBase(expression: ts.Expression): TypeName | undefined {
  if (ts.isIdentifier(expression)) return { name: expression.text, root: expression, qualified: false };
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  let root: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) ? { name: expression.name.text, root, qualified: true } : undefined;
}

/** The interface or type alias of this name declared at the top of the file. */
function localTypeDeclaration(name: string, at: ts.Node): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
  for (const statement of at.getSourceFile().statements) {
    if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === name) return statement;
  }
  return undefined;
}

/** The type names a local declaration stands for: an alias's type (each part of an intersection), an interface's bases. */
function namesOfDeclaration(declaration: ts.InterfaceDeclaration | ts.TypeAliasDeclaration): TypeName[] {
  if (ts.isTypeAliasDeclaration(declaration)) return referencesIn(declaration.type).map((reference) => nameOfEntity(reference.typeName));
  const bases = declaration.heritageClauses?.flatMap((clause) => clause.types) ?? [];
  return bases.flatMap((base) => nameOfBase(base.expression) ?? []);
}

/** A type reference, or the references among the parts of an intersection. */
function referencesIn(type: ts.TypeNode): ts.TypeReferenceNode[] {
  const parts: readonly ts.TypeNode[] = ts.isIntersectionTypeNode(type) ? type.types : [type];
  return parts.filter((part): part is ts.TypeReferenceNode => ts.isTypeReferenceNode(part));
}

function collect(written: TypeName, at: ts.Node, found: WrittenType, steps: number): void {
  found.names.push(written.name);
  const declaration = findDeclaration(written.root.text, at);
  if (declaration?.kind === 'import') {
    if (!written.qualified && declaration.imported !== 'default' && declaration.imported !== '*') found.names.push(declaration.imported);
    if (PROJECT_SPECIFIER.test(declaration.specifier)) found.projectDeclared = true;
    return;
  }
  if (declaration || written.qualified) return;
  const local = localTypeDeclaration(written.name, at);
  if (!local) return;
  found.projectDeclared = true;
  if (steps < MAX_ALIAS_STEPS) for (const base of namesOfDeclaration(local)) collect(base, at, found, steps + 1);
}

/** The names a type reference (or each referenced part of an intersection) goes by; undefined for any other type. */
export function writtenType(type: ts.TypeNode | undefined): WrittenType | undefined {
  if (!type) return undefined;
  const references = referencesIn(type);
  if (references.length === 0) return undefined;
  const found: WrittenType = { names: [], projectDeclared: false };
  for (const reference of references) collect(nameOfEntity(reference.typeName), type, found, 0);
  return found;
}

/**
 * Is the parameter one of `typeNames` by its declared type, or, when the type cannot tell (none, a type the project
 * declares itself, an intersection), by its conventional name? A package's type is known by its name: a parameter
 * typed `ExecutionContext` is not a request, whatever it is called.
 */
export function declaredAs(parameter: ts.ParameterDeclaration, typeNames: ReadonlySet<string>, conventionalNames: ReadonlySet<string>): boolean {
  const written = writtenType(parameter.type);
  if (written?.names.some((name) => typeNames.has(name))) return true;
  if (written && !written.projectDeclared && parameter.type && ts.isTypeReferenceNode(parameter.type)) return false;
  return ts.isIdentifier(parameter.name) && conventionalNames.has(parameter.name.text);
}
