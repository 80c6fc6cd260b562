import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { findDeclaration } from '../binding/scope.js';
import { stripWrappers } from '../dataflow/values.js';
import { BY_HAND_PARSE_CALL } from '../models/by-hand.js';
import { libraryModels, modelForPackage, modeledPackages } from '../models/index.js';

/**
 * Decides cheaply, before any value resolution, whether a call could be a modeled JWT operation. Resolving
 * every callee of a large file (and parsing the local modules it imports) is what made analysis cost more
 * than parsing; almost no call survives this gate.
 */

/** Every name that appears in a library model (callee paths, builder and decorated method names, ...). */
function collectModelNames(): Set<string> {
  const names = new Set<string>([BY_HAND_PARSE_CALL.method]);
  const stack: unknown[] = libraryModels.map((model) => model.operations);
  for (const model of libraryModels) stack.push(model);
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (/^[A-Za-z_$][\w$]*$/.test(value)) names.add(value);
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value && typeof value === 'object') {
      stack.push(...Object.values(value));
    }
  }
  return names;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const RELATIVE_IMPORT = /(?:from\s*|require\s*\(\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const MAX_MODULE_DEPTH = 4;

export class CalleeGate {
  private readonly names = collectModelNames();
  private readonly modulePattern = new RegExp(modeledPackages().map((p) => `['"\`]${escape(p)}['"\`]`).join('|'));
  private readonly providers = new Map<string, boolean>();

  constructor(private readonly project: Project) {}

  mayBeOperation(node: ts.CallExpression | ts.NewExpression): boolean {
    const callee = stripWrappers(node.expression);
    if (callee.kind === ts.SyntaxKind.SuperKeyword || ts.isCallExpression(callee) || ts.isElementAccessExpression(callee)) return true;
    if (ts.isPropertyAccessExpression(callee)) return this.names.has(callee.name.text);
    if (ts.isIdentifier(callee)) return this.identifierMayBeLibrary(callee);
    return false;
  }

  private identifierMayBeLibrary(identifier: ts.Identifier): boolean {
    const declaration = findDeclaration(identifier.text, identifier);
    if (!declaration) return false; // globals (fetch, setTimeout) are not JWT libraries
    switch (declaration.kind) {
      case 'import':
      case 'import-equals': {
        if (modelForPackage(declaration.specifier)) return true;
        const target = this.project.resolveImport(identifier.getSourceFile().fileName, declaration.specifier);
        return target !== undefined && this.mayProvideLibrary(target, 0);
      }
      case 'variable':
        return true;
      default:
        return false;
    }
  }

  /** Can this local module (or one it imports) hand out a value of a modeled library? A text check, no parse. */
  private mayProvideLibrary(file: string, depth: number): boolean {
    const known = this.providers.get(file);
    if (known !== undefined) return known;
    this.providers.set(file, false); // cycles: assume no until shown otherwise
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code) return false;
      throw error;
    }
    let provides = this.modulePattern.test(text);
    if (!provides && depth < MAX_MODULE_DEPTH) {
      for (const match of text.matchAll(RELATIVE_IMPORT)) {
        const target = this.project.resolveImport(file, match[1]);
        if (target && this.mayProvideLibrary(target, depth + 1)) {
          provides = true;
          break;
        }
      }
    }
    this.providers.set(file, provides);
    return provides;
  }
}
