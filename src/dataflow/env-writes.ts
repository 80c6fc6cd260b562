import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { detach } from '../parsing/detach.js';
import { stripWrappers } from './values.js';

/**
 * `process.env.X = 'literal'` written anywhere in the scan: later reads of `process.env.X` are that literal (a
 * bootstrap file that sets a development secret sets it for every module). Only an unambiguous write counts: one
 * literal value and no other write of X (`process.env.X = other` makes X unknown to this index, so it stays an
 * environment read). The files are read once, lazily, the first time an environment read is resolved; only
 * those that can write the name asked about are parsed.
 */
export interface EnvWrite {
  /** The string literal written. */
  node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
  file: string;
}

const ENV_OBJECT = 'process.env';
/** Cheap text test before parsing a file for environment writes. */
const ENV_WRITE_TEXT = /process\.env(?:\.[A-Za-z_$][\w$]*|\[\s*['"`][^'"`]+['"`]\s*\])\s*=(?![=>])/;
/** Every name a text mentions after `process.env` (dotted or as a bracketed string). */
const ENV_NAME_TEXT = /process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*['"`]([^'"`]+)['"`]\s*\])/g;

/** The names a text may write after `process.env`, or undefined when it writes no `process.env` entry. */
function namesWritten(text: string | undefined): string[] | undefined {
  if (text === undefined || !ENV_WRITE_TEXT.test(text)) return undefined;
  return [...new Set([...text.matchAll(ENV_NAME_TEXT)].map((match) => detach(match[1] ?? match[2])))];
}

function envName(target: ts.Expression): string | undefined {
  const node = stripWrappers(target);
  const object = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? stripWrappers(node.expression) : undefined;
  if (!object || !ts.isPropertyAccessExpression(object) || object.name.text !== 'env' || !ts.isIdentifier(object.expression) || object.expression.text !== 'process') return undefined;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

export class EnvWrites {
  /** Per name: the files whose text writes some `process.env` entry and mentions that name (parse candidates). */
  private candidates: Map<string, string[]> | undefined;
  /** Per name: the one literal written, or null when it is written more than once or not as a literal. */
  private readonly index = new Map<string, EnvWrite | null>();
  private readonly collected = new Set<string>();
  /** Files the scan read before the first environment read, with the names each may write (none: undefined). */
  private readonly observed = new Map<string, string[] | undefined>();

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
    this.candidates ??= this.findCandidates();
    const files = this.candidates.get(name);
    if (!files) return undefined;
    // Only the files that can write this name are parsed (in scan order, so the answer is the old full index's)
    for (const file of files) {
      if (this.collected.has(file)) continue;
      this.collected.add(file);
      const parsed = this.project.load(file);
      if (parsed) this.collect(parsed.sourceFile, file, this.index);
    }
    const found = this.index.get(name);
    if (found) this.project.load(found.file); // the reading file's result depends on the writing file
    return found ?? undefined;
  }

  /**
   * A file's text as the scan read it: its candidate names are taken now, so the first environment read does not
   * read it again (that first read comes a third of the way into a large tree, on average).
   */
  observe(file: string, text: string): void {
    if (this.candidates) return;
    this.observed.set(file, text.includes(ENV_OBJECT) ? namesWritten(text) : undefined);
  }

  /**
   * One text pass over the scan: a file counts when it writes some `process.env` entry, under every name it
   * mentions after `process.env` (a superset of the names it writes, so no write is missed). The bytes are
   * searched before decoding: almost no file of a large tree mentions `process.env` at all. Files the scan has
   * already read are not read again.
   */
  private findCandidates(): Map<string, string[]> {
    const candidates = new Map<string, string[]>();
    for (const file of this.files) {
      const names = this.observed.has(file) ? this.observed.get(file) : namesWritten(this.textIfMentioned(file));
      for (const name of names ?? []) {
        const list = candidates.get(name);
        if (list) list.push(file);
        else candidates.set(name, [file]);
      }
    }
    this.observed.clear();
    return candidates;
  }

  private textIfMentioned(file: string): string | undefined {
    const given = this.texts.get(file);
    if (given !== undefined) return given.includes(ENV_OBJECT) ? given : undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code) return undefined; // reported when the file itself is scanned
      throw error;
    }
    return bytes.includes(ENV_OBJECT) ? bytes.toString('utf8') : undefined;
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
