/**
 * JWT operations (verify, decode, sign) found in code, normalized across libraries. The extractor dispatches a
 * call to the module that knows its kind — a library value (operation-match.ts), a JWT handled by hand
 * (operation-by-hand.ts), a project function wrapping an operation (operation-wrappers.ts) — and caches the
 * result per call. Operations are assembled in operation-assemble.ts, options read in operation-options.ts.
 */
import { ts } from 'ts-morph';
import { modelForPackage, normalizePath, segmentDecoderAt } from '../models/index.js';
import { BY_HAND_SIGN } from '../models/by-hand.js';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';
import { FunctionSummaries, type SummaryTimer } from '../dataflow/summaries.js';
import { handAsymmetricVerification } from './by-hand-verify.js';
import { isJsonParse, jsonDecodeHelperParameter } from './by-hand-decode.js';
import { ModuleConfigIndex, type ModuleRegistration } from './module-config.js';
import { RecordTypes, type RecordType } from './entities.js';
import { RecordPlacements, type RecordPlacement } from './record-placements.js';
import { ClaimReads } from './claim-reads.js';
import { PackageFiles } from './package-files.js';
import type { OperationContext } from './operation-assemble.js';
import { asymmetricByHand, decodedByHand, signedByHand } from './operation-by-hand.js';
import { decoratedOperationsAt, libraryOperationsAt, superClassValue } from './operation-match.js';
import type { CallNode, JwtOperation } from './operation-types.js';
import { roleSitesOf, wrapperOperations } from './operation-wrappers.js';

export type { RecordType } from './entities.js';
export type { RecordPlacement } from './record-placements.js';
export type { CallNode, JwtOperation, OptionFact } from './operation-types.js';
export { callerOf } from './operation-wrappers.js';

export class OperationExtractor implements OperationContext {
  private moduleConfigs: ModuleConfigIndex | undefined;
  private records: RecordTypes | undefined;
  private placements: RecordPlacements | undefined;
  private claimReads: ClaimReads | undefined;
  private readonly cache = new WeakMap<ts.Node, JwtOperation[]>();
  private readonly wrapperCache = new WeakMap<ts.Node, JwtOperation[]>();
  /** Summaries of project functions over the library operations inside them. */
  readonly summaries: FunctionSummaries<JwtOperation>;
  /** The source files of each package, for facts that look across its modules. */
  readonly packageFiles: PackageFiles;

  /**
   * @param mayBeOperation the engine's cheap test of a call before its callee is resolved (CalleeGate): the calls
   *   inside a summarised function go through it as the calls of a scanned file do
   * @param timer measures the summaries (`--timing`)
   */
  constructor(
    readonly resolver: ValueResolver,
    private readonly mayBeOperation: (call: CallNode) => boolean = () => true,
    timer?: SummaryTimer,
  ) {
    // A hand decode's token is traced back from its JSON.parse (not an argument): it is tried whatever the call takes.
    this.summaries = new FunctionSummaries(
      resolver,
      (call, takesParameter) => ((isJsonParse(call) || takesParameter()) && this.mayBeOperation(call) ? roleSitesOf(this.operationsAt(call)) : []),
      resolver.project,
      timer,
    );
    this.packageFiles = new PackageFiles(resolver.project);
  }

  /**
   * Operations performed through a project function: `security.authorize(user)` where `authorize = (u) =>
   * jwt.sign(u, key, opts)` is a sign whose payload is `user`, at this call (operation-wrappers.ts).
   */
  wrapperOperationsAt(call: CallNode): JwtOperation[] {
    const cached = this.wrapperCache.get(call);
    if (cached) return cached;
    // a library call is not a wrapper; the gate tells most calls apart from one without resolving them
    const functions = !this.mayBeOperation(call) || this.operationsAt(call).length === 0 ? this.summaries.functionsAt(call) : [];
    const found = functions.flatMap((fn) => wrapperOperations(this, call, fn, this.summaries));
    this.wrapperCache.set(call, found);
    return found;
  }

  configs(): ModuleConfigIndex {
    this.moduleConfigs ??= new ModuleConfigIndex(this.resolver.project, this.resolver, this.packageFiles);
    return this.moduleConfigs;
  }

  recordType(expression: ts.Expression): RecordType | undefined {
    return this.recordTypes().of(expression);
  }

  recordsIn(expression: ts.Expression): RecordPlacement[] {
    this.placements ??= new RecordPlacements(this.recordTypes(), this.resolver);
    return this.placements.placedIn(expression);
  }

  private recordTypes(): RecordTypes {
    this.records ??= new RecordTypes(this.resolver);
    return this.records;
  }

  /** A read of `claim` in a file of the same package that verifies tokens (src/facts/claim-reads.ts). */
  claimReadAfterVerify(claim: string, fileName: string): ts.Node | undefined {
    this.claimReads ??= new ClaimReads(this.resolver.project, this, this.packageFiles);
    return this.claimReads.readAfterVerify(claim, fileName);
  }

  /** Module registrations (`JwtModule.register(...)`, `app.register(fastifyJwt, ...)`) made in a file. */
  registrationsIn(sourceFile: ts.SourceFile): ModuleRegistration[] {
    return this.configs().registrationsOfFile(sourceFile.fileName);
  }

  /** Operations of one call/new expression (usually zero or one). */
  operationsAt(node: CallNode): JwtOperation[] {
    const cached = this.cache.get(node);
    if (cached) return cached;
    const found = this.findOperations(node);
    this.cache.set(node, found);
    return found;
  }

  private findOperations(node: CallNode): JwtOperation[] {
    const callee = stripWrappers(node.expression);
    if (ts.isCallExpression(node) && isJsonParse(node)) return decodedByHand(this, node, node.arguments[0]);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && callee.name.text === BY_HAND_SIGN.digestMethod) return signedByHand(this, node);
    // `super(options)` in a class extending a library class (passport-jwt Strategy, also through NestJS PassportStrategy())
    const isSuper = callee.kind === ts.SyntaxKind.SuperKeyword;
    if (!isSuper && !ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee) && !ts.isCallExpression(callee)) return [];
    const value = isSuper ? superClassValue(this.resolver, node) : this.resolver.resolve(callee);
    const library = value.kind === 'library' ? modelForPackage(value.module) : undefined;
    if (value.kind === 'library' && !library && ts.isCallExpression(node)) {
      const asymmetric = handAsymmetricVerification(node, value);
      if (asymmetric) return [asymmetricByHand(this, node, asymmetric)];
    }
    // `part(token.split('.')[0])` with `const part = (s) => JSON.parse(atob(s))` in this file
    if (value.kind === 'function' && ts.isCallExpression(node)) {
      const index = jsonDecodeHelperParameter(value.node);
      return index === undefined ? [] : decodedByHand(this, node, node.arguments[index], true);
    }
    if (value.kind !== 'library' || !library) return ts.isPropertyAccessExpression(callee) ? decoratedOperationsAt(this, node, callee) : [];
    // jsrsasign `KJUR.jws.JWS.readSafeJSONString(b64utoutf8(part))`: a library's JSON parser in a decode by hand
    if (ts.isCallExpression(node) && segmentDecoderAt(library, normalizePath(library, value.path)) === 'jsonParse') return decodedByHand(this, node, node.arguments[0]);
    return libraryOperationsAt(this, node, value, library, isSuper);
  }
}
