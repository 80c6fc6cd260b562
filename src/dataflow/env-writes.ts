import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { stripWrappers } from './values.js';

/**
 * `process.env.X = 'literal'` written anywhere in the scan: later reads of `process.env.X` are that literal (a
 * bootstrap file that sets a development secret sets it for every module). Only an unambiguous write counts: one
 * literal value and no other write of X (`process.env.X = other` makes X unknown to this index, so it stays an
 * environment read). The files are read once, lazily, the first time an environment read is resolved.
 */
export interface EnvWrite {
  /** The string literal written. */
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
  file: string;
}

/** Cheap text test before parsing a file for environment writes. */
const ENV_WRITE_TEXT = /process\.env(?:\.[A-Za-z_$][\w$]*|\[\s*['"`][^'"`]+['"`]\s*\])\s*=(?![=>])/;

function envName(target: ts.Expression): string | undefined {
  const node = stripWrappers(target);
  const object = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? stripWrappers(node.expression) : undefined;
  if (!object || !ts.isPropertyAccessExpression(object) || object.name.text !== 'env' || !ts.isIdentifier(object.expression) || object.expression.text !== 'process') return undefined;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

export class EnvWrites {
  private index: Map<string, EnvWrite | null> | undefined;

  /**
   * @param files every file of the scan (not only the part one process analyses: the answer must not depend on it)
   */
  constructor(
    private readonly project: Project,
    private readonly files: readonly string[],
    private readonly texts: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** The literal `process.env[name]` is set to in the scan, when there is exactly one and nothing else is written. */
  literalOf(name: string): EnvWrite | undefined {
    this.index ??= this.build();
    const found = this.index.get(name);
    if (found) this.project.load(found.file); // the reading file's result depends on the writing file
    return found ?? undefined;
  }

  private build(): Map<string, EnvWrite | null> {
    const index = new Map<string, EnvWrite | null>();
    for (const file of this.files) {
      let text = this.texts.get(file);
      if (text === undefined) {
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code) continue; // reported when the file itself is scanned
          throw error;
        }
      }
      if (!text.includes('process.env') || !ENV_WRITE_TEXT.test(text)) continue;
      const parsed = this.project.load(file);
      if (parsed) this.collect(parsed.sourceFile, file, index);
    }
    return index;
  }

  private collect(sourceFile: ts.SourceFile, file: string, index: Map<string, EnvWrite | null>): void {
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
        const name = envName(node.left);
        if (name !== undefined) {
          const value = stripWrappers(node.right);
          const literal = node.operatorToken.kind === ts.SyntaxKind.EqualsToken && (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) ? value : undefined;
          const known = index.get(name);
          // a second write (another literal, or any other value) makes the name ambiguous
          index.set(name, literal && known === undefined ? { node: literal, file } : null);
        }
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
  }
}
