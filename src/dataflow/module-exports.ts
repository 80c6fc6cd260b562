import { ts } from 'ts-morph';
import { reexportOf } from '../binding/reexports.js';
import { fileScope } from '../binding/scope.js';
import { isJsonModule } from '../parsing/parse.js';
import { stripWrappers, unknownAt, type Value, type ValueResolver } from './values.js';

/**
 * What a module of the scanned project exports under a name, for the value resolver (./values.ts): ES exports
 * (declarations, `export default`, re-exports) and CommonJS (`module.exports = ...`, `exports.X = ...`).
 */

/** What `file` exports under `name` ('default' for the default export); unknown when it cannot be seen. */
export function exportedValue(resolver: ValueResolver, file: string, name: string, at: ts.Node, depth: number): Value {
  if (!resolver.project.mayExport(file, name)) return unknownAt(at); // sure from the text: no parse
  const projectFile = resolver.project.load(file);
  if (!projectFile) return unknownAt(at);
  const sourceFile = projectFile.sourceFile;
  if (isJsonModule(sourceFile.fileName)) return jsonExport(resolver, sourceFile, name, at, depth);
  const scope = fileScope(sourceFile);
  let commonJs: Value | undefined;
  for (const statement of sourceFile.statements) {
    // export const X = ..., export function X
    if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      const isDefault = ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false;
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
            const local = scope.get(name);
            if (local) return resolver.resolveDeclaration(local, at, depth + 1);
          }
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        if ((isDefault && name === 'default') || statement.name.text === name) {
          return ts.isFunctionDeclaration(statement) ? { kind: 'function', node: statement } : { kind: 'class', node: statement };
        }
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === 'default') {
      return resolver.resolve(statement.expression, depth + 1);
    }
    if (ts.isExportAssignment(statement) && statement.isExportEquals) {
      commonJs = resolver.resolve(statement.expression, depth + 1);
    }
    const reexport = ts.isExportDeclaration(statement) ? reexportOf(statement, name) : undefined;
    if (reexport?.kind === 'named') {
      if (reexport.specifier) return resolver.resolveImport(reexport.specifier, reexport.localName, statement, at, depth + 1);
      const local = scope.get(reexport.localName);
      return local ? resolver.resolveDeclaration(local, at, depth + 1) : unknownAt(at);
    }
    if (reexport?.kind === 'namespace') return resolver.resolveImport(reexport.specifier, '*', statement, at, depth + 1);
    if (reexport?.kind === 'star') {
      const value = resolver.resolveImport(reexport.specifier, name, statement, at, depth + 1);
      if (value.kind !== 'unknown') return value;
    }
    // CommonJS: module.exports = ..., module.exports.X = ..., exports.X = ...
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = statement.expression;
      const target = memberChainText(left);
      if (target === 'module.exports') commonJs = resolver.resolve(right, depth + 1);
      else if (target === `module.exports.${name}` || target === `exports.${name}`) return resolver.resolve(right, depth + 1);
    }
  }
  if (commonJs) return name === 'default' ? commonJs : resolver.member(commonJs, name, at, depth + 1);
  return unknownAt(at);
}

/** `a.b.c` as text for simple identifier chains; undefined otherwise. */
function memberChainText(node: ts.Expression): string | undefined {
  const current = stripWrappers(node);
  if (ts.isIdentifier(current)) return current.text;
  if (current.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(current.name)) {
    const left = memberChainText(current.expression);
    return left === undefined ? undefined : `${left}.${current.name.text}`;
  }
  if (ts.isElementAccessExpression(current) && ts.isStringLiteralLike(current.argumentExpression)) {
    const left = memberChainText(current.expression);
    return left === undefined ? undefined : `${left}.${current.argumentExpression.text}`;
  }
  return undefined;
}

/** A JSON module: its whole value is the default export (and `require`'s result); a top-level key is a named export. */
function jsonExport(resolver: ValueResolver, sourceFile: ts.SourceFile, name: string, at: ts.Node, depth: number): Value {
  const statement = sourceFile.statements[0];
  if (!statement || !ts.isExpressionStatement(statement)) return unknownAt(at);
  const value = resolver.resolve(statement.expression, depth + 1);
  if (name === 'default') return value;
  return value.kind === 'object' ? (value.props.get(name)?.value ?? unknownAt(at)) : unknownAt(at);
}
