import { ts } from 'ts-morph';

/** What an `export ... from` / `export { ... }` declaration says about the export called `name`. */
export type Reexport =
  /** `export { local as name }` (no specifier: a local binding) or `export { inner as name } from './x'`. */
  | { kind: 'named'; specifier?: string; localName: string }
  /** `export * as name from './x'`. */
  | { kind: 'namespace'; specifier: string }
  /** `export * from './x'`: `name` may come from there (never `default`). */
  | { kind: 'star'; specifier: string };

export function reexportOf(statement: ts.ExportDeclaration, name: string): Reexport | undefined {
  const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  const clause = statement.exportClause;
  if (clause && ts.isNamedExports(clause)) {
    const element = clause.elements.find((e) => e.name.text === name);
    return element ? { kind: 'named', specifier, localName: (element.propertyName ?? element.name).text } : undefined;
  }
  if (clause && ts.isNamespaceExport(clause)) return clause.name.text === name && specifier ? { kind: 'namespace', specifier } : undefined;
  return !clause && specifier && name !== 'default' ? { kind: 'star', specifier } : undefined;
}
