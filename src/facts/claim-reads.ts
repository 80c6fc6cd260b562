import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import type { OperationExtractor } from './operations.js';
import type { PackageFiles } from './package-files.js';

/**
 * Where the application reads a claim of the tokens it verifies: `payload.expiresAt`, `const { createdAt } =
 * claims`, `decoded['valid_until']`, in a file that verifies tokens. A custom expiry claim that libraries do
 * not enforce (`expiresAt`, `createdAt` + a window) protects the application only when such a read exists.
 *
 * Searched lazily, only when a rule asks about a claim: the source files of the package that contains the
 * asking file (nearest `package.json` at or below the scan root, else the scan root), skipping dependencies,
 * build output and tests (package-files.ts), with a cheap text test before any parse. Files parsed here are loaded through the
 * project, so a cached result records them as dependencies.
 */

export class ClaimReads {
  private readonly answers = new Map<string, ts.Node | null>();

  constructor(
    private readonly project: Project,
    private readonly operations: OperationExtractor,
    private readonly packages: PackageFiles,
  ) {}

  /** A read of `claim` in a file that verifies tokens, in the package of `fromFile`; undefined when there is none. */
  readAfterVerify(claim: string, fromFile: string): ts.Node | undefined {
    const root = this.packages.packageRoot(fromFile);
    const key = `${root}\0${claim}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known ?? undefined;
    let found: ts.Node | null = null;
    for (const file of this.packages.sourceFiles(root)) {
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
