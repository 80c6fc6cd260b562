import type { ts } from 'ts-morph';
import type { JwtOperation } from '../facts/operations.js';
import type { ModuleRegistration } from '../facts/module-config.js';
import type { TokenSink } from '../facts/sinks/index.js';
import type { PackageManifest } from '../facts/manifests.js';
import type { TokenOrigin } from '../dataflow/provenance.js';
import type { Value } from '../dataflow/values.js';
import type { RuleFix } from './fix-builders.js';
import type { KeyIdentity } from '../facts/key-identity.js';
import type { IssuerClass } from '../facts/issuer-class.js';
import type { KeyAlgorithm } from '../facts/key-algorithm.js';
import type { Fix, Level, Precision, RuleDescriptor, RuleExample, RuleOptionDescriptor, SourceLocation } from '../report/types.js';

/** Message templates by id. */
export type RuleMessages = Record<string, string>;
/** Option descriptors by name. */
export type RuleOptions = Record<string, RuleOptionDescriptor>;

export interface RuleMeta<Messages extends RuleMessages = RuleMessages, Options extends RuleOptions = RuleOptions> {
  /** kebab-case, equal to the file name under rules/. */
  id: string;
  title: string;
  description: string;
  rationale: string;
  remediation: string;
  level: Level;
  precision: Precision;
  securitySeverity: number;
  cwe: number[];
  references: string[];
  /** Message templates; `{{name}}` is replaced by `data.name`. */
  messages: Messages;
  options?: Options;
  examples: { bad: RuleExample; good: RuleExample };
  /**
   * Set by rules whose problem is carried by an argument (payload contents, token origin): they are also given the
   * operations performed through project functions of other modules, reported at the call of that function
   * (where the value enters) with the library call as a related location. Without it, a rule sees only library
   * calls, and problems in options or keys are reported there. Markdown for the docs page: what is reported where.
   */
  wrapperCalls?: string;
}

/** A position in a non-source file (package.json). */
export interface TextPosition {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  length: number;
}

/** The `{{name}}` placeholders of a message template (a union of names; never when it has none). */
export type Placeholders<Template extends string> = Template extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** `data` must give every placeholder of the message (and nothing else); optional when it has none. */
type MessageData<Template extends string> = [Placeholders<Template>] extends [never] ? { data?: Record<string, string | number> } : { data: Record<Placeholders<Template>, string | number> };

/**
 * What a rule reports. Typed by the rule's messages: a message id the rule does not have, or `data` that lacks
 * a placeholder of that message, is a type error (with the default type argument anything goes, for helpers
 * that only pass descriptors through).
 */
export type ReportDescriptor<Messages extends RuleMessages = RuleMessages> = {
  [Id in keyof Messages & string]: ReportBase & { messageId: Id } & MessageData<Messages[Id]>;
}[keyof Messages & string];

/**
 * A location kept by a rule for its scan-level listener (`RuleContext.locate`): plain data, so it survives the
 * file's tree, the cache and --jobs processes. Its snippet is already redacted.
 */
export type RecordedLocation = SourceLocation;

/** A fix kept by a rule for its scan-level listener (`RuleContext.locateFix`): line/column replacements, plain data. */
export type RecordedFix = Fix;

/** JSON data a rule keeps from one file for its scan-level listener (`RuleContext.record`). */
export type RecordData = null | boolean | number | string | RecordData[] | { [key: string]: RecordData };

/** What one file recorded for a rule. */
export interface FileRecord {
  /** Path relative to the scan root. */
  file: string;
  data: RecordData;
}

/** One step of a finding's path: a node, or a recorded location (scan-level listeners), and what happens there. */
export interface FlowStepDescriptor {
  at: ts.Node | RecordedLocation;
  message: string;
}

interface ReportBase {
  /**
   * Node whose start is the primary location (may be in another file than the one being scanned), a text
   * position, or a recorded location (scan-level listeners).
   */
  at: ts.Node | TextPosition | RecordedLocation;
  related?: { at: ts.Node | RecordedLocation; message: string }[];
  /**
   * The path of a finding that comes through a flow, source first, the reported operation or sink last (SARIF
   * `codeFlows`, a line a step in text). For an operation or sink through a project function the engine supplies
   * the path from the call's argument to the library call when the rule gives none.
   */
  steps?: FlowStepDescriptor[];
  /** Raw secret values shown by this finding's code: the engine redacts them from every output. */
  secrets?: string[];
  /**
   * A level below the rule's own for this finding (a milder case the rule still points out, e.g. a note).
   * A level set in the configuration applies to every finding of the rule.
   */
  level?: Level;
  /**
   * A safe edit that removes the finding, in the file of `at`: offsets when `at` is a node, a recorded fix
   * (`RuleContext.locateFix`) when it is a recorded location.
   */
  fix?: RuleFix | RecordedFix;
}

export interface ScannedFile {
  /** Path relative to the scan root. */
  relativePath: string;
  sourceFile: ts.SourceFile;
}

/** The values of a rule's options, typed by their descriptors. */
export type OptionValues<Options extends RuleOptions> = {
  readonly [Name in keyof Options]: Options[Name]['type'] extends 'number'
    ? number
    : Options[Name]['type'] extends 'boolean'
      ? boolean
      : Options[Name]['type'] extends 'string'
        ? string
        : string[];
};

export interface RuleContext<Messages extends RuleMessages = RuleMessages, Options = Readonly<Record<string, unknown>>> {
  readonly file: ScannedFile;
  readonly options: Options;
  /** Every JWT operation in this file, in source order. */
  readonly operations: readonly JwtOperation[];
  resolve(expression: ts.Expression): Value;
  /**
   * Where a token comes from (request, sign, auth response, storage); undefined when not known to be a token. With
   * `acrossModules`, a parameter that is the value itself is followed to callers in every module, for sinks that no
   * wrapper call reports.
   */
  tokenOrigin(expression: ts.Expression, options?: { acrossModules?: boolean }): TokenOrigin | undefined;
  /** Any request-derived value (token or not). */
  requestOrigin(expression: ts.Expression): TokenOrigin | undefined;
  /** The token an object holds (a token property, or the whole body of an auth response), for sinks that print objects. */
  heldTokenOrigin(expression: ts.Expression): TokenOrigin | undefined;
  /**
   * Every place the value may come from (`auth.token || query.token` comes from both reads; a helper's two returns),
   * request data of any field included; empty when none is known.
   */
  origins(expression: ts.Expression, options?: { acrossModules?: boolean }): readonly TokenOrigin[];
  /** Modeled operations performed by a call (zero or more). */
  operationsAt(node: ts.CallExpression | ts.NewExpression): readonly JwtOperation[];
  /**
   * Where the application reads this claim of tokens it verifies (`payload.expiresAt` in a file that verifies
   * tokens, in this file's package); undefined when nowhere.
   */
  claimReadAfterVerify(claim: string): ts.Node | undefined;
  /** Module registrations made in this file (`JwtModule.register(...)`), whether or not an operation uses them. */
  registrations(): readonly ModuleRegistration[];
  /**
   * The expressions returned by the project function a call reaches (declared in this file or imported from another
   * module, a method, an injected service's method); empty for library calls and unknown callees.
   */
  returnedBy(node: ts.CallExpression | ts.NewExpression): readonly ts.Expression[];
  /** The identity of the key an expression holds (same secret or key source), undefined when unknown. */
  keyIdentity(expression: ts.Expression): KeyIdentity | undefined;
  /**
   * The one algorithm a verification's key is for, as the project says it (src/facts/key-algorithm.ts): its key
   * import names it, or its JSON Web Key Set's issuer has one in the configuration or is a provider with a
   * documented, fixed algorithm. Undefined when nothing says, or statements disagree.
   */
  keyAlgorithm(operation: JwtOperation): KeyAlgorithm | undefined;
  /**
   * Who issues the tokens a verification accepts (src/facts/issuer-class.ts): another issuer (with the evidence),
   * the application itself (its own secret, a key of a file that also signs, a key the application signs with in
   * another module: the other half of a pair, a module registration's secret), or unknown.
   */
  issuerClass(operation: JwtOperation): IssuerClass;
  /**
   * The route guard that verifies the token of the request a read comes from (`req.headers.authorization`)
   * before the code runs — a route middleware (`app.get('/me', auth, handler)`, `router.use(auth)`) or a NestJS
   * `@UseGuards(Guard)` whose code verifies and stops failed requests — also for a helper every guarded handler
   * calls with its request (src/facts/route-guards.ts). `token`: the expression that uses the read, when the read
   * is in a helper it calls (`bearer(req)`): the request is then the one passed there. Undefined when none.
   */
  guardOf(read: ts.Node, token?: ts.Expression): ts.Node | undefined;
  report(descriptor: ReportDescriptor<Messages>): void;
  /**
   * A report to make later (at `endFile`) as if made now: one about an operation through a wrapper keeps the wrapper's
   * inner call as related location and the path into it.
   */
  later(report: () => void): () => void;
  /**
   * Keeps data from this file for the rule's `scanEnd` listener. Records are cached with the file's results,
   * so a warm run sees the records of unchanged files too.
   */
  record(data: RecordData): void;
  /** A node's location as data, for records; `secrets` are redacted from its snippet. */
  locate(node: ts.Node, secrets?: readonly string[]): RecordedLocation;
  /** A fix of this file as data, for records (its edits as line/column replacements). */
  locateFix(fix: RuleFix): RecordedFix;
}

export interface RuleListeners {
  verify?(operation: JwtOperation): void;
  decode?(operation: JwtOperation): void;
  sign?(operation: JwtOperation): void;
  tokenSink?(sink: TokenSink): void;
  /** Narrow syntax escape hatch: every string literal (e.g. committed JWTs). */
  stringLiteral?(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): void;
  /** Called after every other listener of the file. */
  endFile?(): void;
}

/** Listeners for project-level inputs, run once per scan rather than once per file. */
export interface ProjectListeners {
  /** Each package.json that governs a scanned file (with lock-file versions). */
  manifest?(manifest: PackageManifest): void;
  /**
   * Once per scan, after every file: what each file recorded for this rule (`RuleContext.record`), in file
   * order, including files whose results came from the cache. It sees the files of this scan only: a --shard
   * or a scan of named files (pre-commit, --changed) does not see the others.
   */
  scanEnd?(records: readonly FileRecord[]): void;
}

export interface ProjectRuleContext<Messages extends RuleMessages = RuleMessages, Options = Readonly<Record<string, unknown>>> {
  readonly options: Options;
  /**
   * The scan analyses only part of the files it found (`--shard`, `--changed`): `scanEnd` then sees some records
   * only, and an answer that needs every file of the project (all sign calls with a key agree) must not be given.
   */
  readonly partial: boolean;
  report(descriptor: ReportDescriptor<Messages>): void;
  /**
   * The package a file belongs to (path relative to the scan root): the nearest directory at or below the
   * root that holds a package.json, else the file itself.
   */
  packageOf(file: string): string;
}

export interface Rule {
  readonly meta: RuleMeta & { readonly descriptor: RuleDescriptor };
  create(context: RuleContext): RuleListeners;
  createProject?(context: ProjectRuleContext): ProjectListeners;
}

/**
 * Defines a rule (typescript-eslint's `createRule<Options, MessageId>` idea): the context's `report` accepts
 * only the rule's own message ids with data for every placeholder, and `options` has the descriptors' types.
 */
export function defineRule<const Messages extends RuleMessages, const Options extends RuleOptions = Record<never, RuleOptionDescriptor>>(definition: {
  meta: RuleMeta<Messages, Options>;
  create(context: RuleContext<Messages, OptionValues<Options>>): RuleListeners;
  createProject?(context: ProjectRuleContext<Messages, OptionValues<Options>>): ProjectListeners;
}): Rule {
  const { meta } = definition;
  if (!/^[a-z]+(-[a-z]+)*$/.test(meta.id)) throw new Error(`rule id must be kebab-case: ${meta.id}`);
  if (!(meta.securitySeverity > 0 && meta.securitySeverity <= 10)) throw new Error(`${meta.id}: securitySeverity must be in (0, 10]`);
  const descriptor: RuleDescriptor = {
    id: meta.id,
    title: meta.title,
    description: meta.description,
    rationale: meta.rationale,
    remediation: meta.remediation,
    level: meta.level,
    precision: meta.precision,
    securitySeverity: meta.securitySeverity,
    cwe: meta.cwe,
    references: meta.references,
    options: meta.options ?? {},
    examples: meta.examples,
    ...(meta.wrapperCalls ? { wrapperCalls: meta.wrapperCalls } : {}),
    helpUri: `docs/rules/${meta.id}.md`,
  };
  // The engine fills options from the descriptors' defaults and validated configuration, and reports only
  // what the typed context let through: the erased signatures below are sound for it.
  return {
    meta: { ...meta, descriptor },
    create: definition.create as unknown as Rule['create'],
    createProject: definition.createProject as unknown as Rule['createProject'],
  };
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (name in data ? String(data[name]) : match));
}
