import { ts } from 'ts-morph';
import type { LibraryModel } from '../models/types.js';
import type { KeyIdentities } from './key-identity.js';
import type { JwtOperation, OperationExtractor } from './operations.js';

/**
 * Does the application sign tokens, in another module, with the key a verification uses? Then the tokens it
 * accepts are its own even though no sign call is in the verification's file:
 * - the other half of a key pair exported by a module that signs with it (`jwt.sign(p, privateKey)` in
 *   `security.ts`, `jwt.verify(t, security.publicKey)` elsewhere): the two keys are members of that module
 *   whose names differ only by the pair word (key-identity.ts `memberOf`);
 * - the secret of a module registration (a plugin registered once, `JwtModule.register`) whose sign calls
 *   take their key from the same registration, in any module of the package;
 * - a member of what a project function hands out (a settings or keys document), signed with in a module that calls
 *   the same function.
 * Looked up lazily, only for verifications nothing else classifies; a module's sign calls are listed once.
 */
export class OwnSignCalls {
  private readonly signsByFile = new WeakMap<ts.SourceFile, readonly JwtOperation[]>();

  constructor(
    private readonly operations: OperationExtractor,
    private readonly keys: KeyIdentities,
  ) {}

  signsWithKeyOf(verify: JwtOperation): boolean {
    return this.pairHalfSigns(verify) || this.registrationSigns(verify) || this.handedKeySigns(verify);
  }

  /**
   * A key read from what a project function hands out (`const keys = await getKeys(); verify(t, keys.jwtKey)`): a
   * module of the package that calls the same function signs with the same member of its result.
   */
  private handedKeySigns(verify: JwtOperation): boolean {
    const identity = verify.key ? this.keys.of(verify.key) : undefined;
    // the function's name as written (`getPrivateData().jwtKey`; the id folds pair words such as `Private`)
    const handedBy = identity?.id.startsWith('call:') ? /([\w$]+)\(\)/.exec(identity.label)?.[1] : undefined;
    if (!identity || !handedBy) return false;
    const fileName = verify.node.getSourceFile().fileName;
    const files = this.operations.packageFiles.filesMentioning(fileName, [handedBy]);
    return files.some((file) => this.signsIn(file).some((sign) => sign.key !== undefined && this.keys.of(sign.key)?.id === identity.id));
  }

  private pairHalfSigns(verify: JwtOperation): boolean {
    const member = verify.key && verify.keySource !== 'module' ? this.keys.memberOf(verify.key) : undefined;
    const home = member?.moduleFile;
    if (!member || !home || home === verify.node.getSourceFile().fileName) return false;
    return this.signsIn(home).some((sign) => sign.key !== undefined && this.keys.memberOf(sign.key)?.id === member.id);
  }

  private registrationSigns(verify: JwtOperation): boolean {
    const registration = verify.registration;
    if (!registration || fromTheCall(verify)) return false;
    const fileName = verify.node.getSourceFile().fileName;
    for (const file of this.operations.packageFiles.filesMentioning(fileName, mentionsOfSigning(verify.library))) {
      if (this.signsIn(file).some((sign) => sign.library === verify.library && !fromTheCall(sign) && sign.registration !== undefined && sameNode(sign.registration, registration)))
        return true;
    }
    return false;
  }

  /** The library sign calls of a module (not those through project functions). */
  private signsIn(fileName: string): readonly JwtOperation[] {
    const file = this.operations.resolver.project.load(fileName);
    if (!file) return [];
    // keyed by the tree: a module loaded as a dependency is parsed again when it is scanned
    const known = this.signsByFile.get(file.sourceFile);
    if (known) return known;
    const found: JwtOperation[] = [];
    this.signsByFile.set(file.sourceFile, found);
    const stack: ts.Node[] = [file.sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) found.push(...this.operations.operationsAt(node).filter((operation) => operation.kind === 'sign' && !operation.via));
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return found;
  }
}

/** The same code, also when one of the nodes is from an earlier parse of its file (a module loaded before it was scanned). */
function sameNode(a: ts.Node, b: ts.Node): boolean {
  return a === b || (a.getSourceFile().fileName === b.getSourceFile().fileName && a.getStart() === b.getStart() && a.getEnd() === b.getEnd());
}

/** The key is written at the call (an argument or a call option), not taken from the registration. */
function fromTheCall(operation: JwtOperation): boolean {
  return operation.keySource === 'argument' || operation.keySource === 'option';
}

/** Text a module that signs through the library contains: a package name, or a decorated sign method (`jwtSign`, `jwt.sign`). */
function mentionsOfSigning(library: LibraryModel): string[] {
  const decorated = library.operations.flatMap((operation) => (operation.kind === 'sign' && operation.form?.kind === 'decorated' ? [operation.form.members.join('.')] : []));
  return [...library.packages, ...decorated];
}
