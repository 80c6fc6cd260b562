import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import type { OperationExtractor } from './operations.js';

/**
 * Where the application reads a claim of the tokens it verifies: `payload.expiresAt`, `const { createdAt } =
 * claims`, `decoded['valid_until']`, in a file that verifies tokens. A custom expiry claim that libraries do
 * not enforce (`expiresAt`, `createdAt` + a window) protects the application only when such a read exists.
 *
 * Searched lazily, only when a rule asks about a claim: the source files of the package that contains the
 * asking file (nearest `package.json` at or below the scan root, else the scan root), skipping dependencies,
 * build output and tests, with a cheap text test before any parse. Files parsed here are loaded through the
 * project, so a cached result records them as dependencies.
 */

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.nuxt', 'vendor', 'test', 'tests', '__tests__', '__mocks__']);
/** Bounds on the search: a huge tree is answered from its first files only (a miss, never a crash). */
const MAX_FILES = 3000;
const MAX_DEPTH = 12;

export class ClaimReads {
  private readonly listings = new Map<string, string[]>();
  private readonly answers = new Map<string, ts.Node | null>();

  constructor(
    private readonly project: Project,
    private readonly operations: OperationExtractor,
  ) {}

  /** A read of `claim` in a file that verifies tokens, in the package of `fromFile`; undefined when there is none. */
  readAfterVerify(claim: string, fromFile: string): ts.Node | undefined {
    const root = this.packageRoot(fromFile);
    const key = `${root}\0${claim}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known ?? undefined;
    let found: ts.Node | null = null;
    for (const file of this.sourceFiles(root)) {
      const loaded = this.project.load(file);
      if (!loaded || !loaded.text.includes(claim)) continue;
      const read = claimRead(loaded.sourceFile, claim);
      if (read && this.verifiesTokens(loaded.sourceFile)) {
        found = read;
        break;
      }
    }
    this.answers.set(key, found);
    return found ?? undefined;
  }

  private verifiesTokens(sourceFile: ts.SourceFile): boolean {
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && this.operations.operationsAt(node).some((operation) => operation.kind === 'verify')) found = true;
      else node.forEachChild(visit);
    };
    visit(sourceFile);
    return found;
  }

  private packageRoot(fromFile: string): string {
    const root = path.resolve(this.project.root);
    let dir = path.dirname(path.resolve(fromFile));
    while (!path.relative(root, dir).startsWith('..') && dir !== root) {
      if (existsSync(path.join(dir, 'package.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return root;
  }

  private sourceFiles(root: string): string[] {
    const cached = this.listings.get(root);
    if (cached) return cached;
    const files: string[] = [];
    const walk = (dir: string, depth: number): void => {
      if (depth > MAX_DEPTH || files.length >= MAX_FILES) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        // an unreadable directory holds no read we can see; the scan's own walk reports it
        if (error instanceof Error && 'code' in error) return;
        throw error;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (files.length >= MAX_FILES) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(full, depth + 1);
        else if (entry.isFile() && SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) files.push(full);
      }
    };
    walk(root, 0);
    this.listings.set(root, files);
    return files;
  }
}

/** The first read of `claim` in a file: a property read, an element read with its name, or a destructuring. */
function claimRead(sourceFile: ts.SourceFile, claim: string): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === claim && !isAssignmentTarget(node)) found = node;
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === claim && !isAssignmentTarget(node)) found = node;
    else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && (node.propertyName ?? node.name).getText(sourceFile) === claim) found = node;
    else node.forEachChild(visit);
  };
  visit(sourceFile);
  return found;
}

function isAssignmentTarget(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}
