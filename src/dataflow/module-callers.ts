import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { callSitesIn, functionName } from './call-sites.js';
import type { ProjectFunction } from './summaries.js';

/**
 * The calls of a project function made in other modules of its package: where the values of its parameters come
 * from when its own module never calls it (`getContext(req.headers)` in a route file, for a helper that reads
 * `headers.authorization`). Candidates are the package's files whose text calls the function's name; each is parsed
 * and a call counts only when its callee resolves to this very function (imports, aliases, injected services).
 */

/** Candidate files parsed per function: a name called in many files is most likely not this function's. */
const MAX_CALLER_FILES = 24;

export interface CallerSearch {
  /** The package's files whose text calls `name` (src/facts/package-files.ts). */
  filesCalling(fromFile: string, name: string): readonly string[];
}

export class ModuleCallers {
  private readonly memo = new WeakMap<ts.Node, ts.CallExpression[]>();

  constructor(
    private readonly project: Pick<Project, 'load'>,
    private readonly search: CallerSearch,
    private readonly functionOf: (callee: ts.Expression) => ProjectFunction | undefined,
  ) {}

  /** The calls of `fn` in the other modules of its package (none for a function no other module can name). */
  callsElsewhere(fn: ts.Node): readonly ts.CallExpression[] {
    const known = this.memo.get(fn);
    if (known) return known;
    const found: ts.CallExpression[] = [];
    this.memo.set(fn, found); // a question met again while answering it adds nothing
    const name = functionName(fn);
    const ownFile = fn.getSourceFile();
    if (name === undefined || !reachableFromOtherModules(fn)) return found;
    const candidates = this.search.filesCalling(ownFile.fileName, name).filter((file) => file !== ownFile.fileName);
    for (const file of candidates.slice(0, MAX_CALLER_FILES)) {
      const sourceFile = this.project.load(file)?.sourceFile;
      if (!sourceFile) continue;
      for (const call of callSitesIn(sourceFile, name)) if (this.functionOf(call.expression) === fn) found.push(call);
    }
    return found;
  }
}

/**
 * Can another module name this function: a top-level function or const of a module that exports something, or a
 * method of a top-level class of one? (Exactly which name is exported is checked by resolving each call.)
 */
function reachableFromOtherModules(fn: ts.Node): boolean {
  let statement: ts.Node = fn;
  if (ts.isMethodDeclaration(fn) || ts.isPropertyDeclaration(fn.parent)) statement = ts.isMethodDeclaration(fn) ? fn.parent : fn.parent.parent;
  else if (ts.isVariableDeclaration(fn.parent)) statement = fn.parent.parent.parent;
  if (!ts.isSourceFile(statement.parent)) return false;
  const text = statement.getSourceFile().text;
  return text.includes('export');
}
