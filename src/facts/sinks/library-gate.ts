import { ts } from 'ts-morph';
import { COOKIE_SETTERS, INSTANCE_REQUEST_METHODS, QUERY_STRING_BUILDERS, QUERY_TOKEN_EXTRACTORS, REQUEST_CLIENTS } from '../../models/sinks.js';
import { KEY_SOURCE_CALLS } from '../../models/key-sources.js';
import { PERSISTED_STORES } from '../../models/stores.js';
import type { Project } from '../../binding/project.js';
import { findDeclaration } from '../../binding/scope.js';

/**
 * A cheap test before resolving a callee to a library export: only calls whose name a sink model uses, or of an
 * identifier that can hold a library value, are resolved.
 */

/** Names a library-matched sink call can end with (from the models): calls ending otherwise are not resolved. */
function libraryCallNames(): Set<string> {
  const names = new Set<string>(INSTANCE_REQUEST_METHODS);
  const stack: unknown[] = [
    COOKIE_SETTERS.map((m) => m.match),
    QUERY_TOKEN_EXTRACTORS,
    QUERY_STRING_BUILDERS.map((builder) => builder.path),
    REQUEST_CLIENTS,
    KEY_SOURCE_CALLS.filter((entry) => entry.keySet).map((entry) => entry.paths),
    PERSISTED_STORES.map((store) => store.path),
  ];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (/^[A-Za-z_$][\w$]*$/.test(value)) names.add(value);
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value instanceof Set) stack.push(...value);
    else if (value && typeof value === 'object') stack.push(...Object.values(value));
  }
  return names;
}
const LIBRARY_CALL_NAMES = libraryCallNames();

/** The name a call ends with: `a.b.c()` → c, `f()` → f. */
function calleeLastName(callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/** Where an import leads (a project module or a package), and a text test of a project module. */
export type ImportTargets = Pick<Project, 'resolveImport' | 'textPasses'>;

/**
 * Could an identifier callee be a value made by a library (`const log = debug('x')`, an import of a package)?
 * Local functions, parameters and globals are not. An import of a project module, however it is named (`./log`,
 * `@/lib/log`, `#src/log.js`, a workspace package), is followed only when its text names one of `packages` (a
 * module exporting `debug('app')`): resolving every imported helper meant parsing most of an application.
 */
export function identifierMayHoldLibraryValue(callee: ts.Identifier, imports: ImportTargets, packages: ReadonlySet<string> = new Set()): boolean {
  const declaration = findDeclaration(callee.text, callee);
  if (!declaration) return false;
  if (declaration.kind === 'variable') return true;
  if (declaration.kind !== 'import' && declaration.kind !== 'import-equals') return false;
  const target = imports.resolveImport(callee.getSourceFile().fileName, declaration.specifier);
  if (target === undefined) return !declaration.specifier.startsWith('.');
  if (packages.size === 0) return false;
  const names = [...packages];
  return imports.textPasses(target, `imports ${names.join(' ')}`, (text) => names.some((name) => text.includes(`'${name}'`) || text.includes(`"${name}"`)));
}

/** Is this (wrapper-stripped) callee worth resolving to a library export for the library-matched sink families? */
export function mayBeLibraryCall(callee: ts.Expression, imports: ImportTargets): boolean {
  const lastName = calleeLastName(callee);
  return lastName !== undefined && (LIBRARY_CALL_NAMES.has(lastName) || (ts.isIdentifier(callee) && identifierMayHoldLibraryValue(callee, imports)));
}
