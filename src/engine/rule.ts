import type { ts } from 'ts-morph';
import type { JwtOperation } from '../facts/operations.js';
import type { TokenSink } from '../facts/sinks.js';
import type { PackageManifest } from '../facts/manifests.js';
import type { TokenOrigin } from '../dataflow/provenance.js';
import type { Value } from '../dataflow/values.js';
import type { RuleFix } from './fix-builders.js';
import type { Level, Precision, RuleDescriptor, RuleExample, RuleOptionDescriptor } from '../report/types.js';

export interface RuleMeta {
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
  messages: Record<string, string>;
  options?: Record<string, RuleOptionDescriptor>;
  examples: { bad: RuleExample; good: RuleExample };
}

/** A position in a non-source file (package.json). */
export interface TextPosition {
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  length: number;
}

export interface ReportDescriptor {
  /** Node whose start is the primary location (may be in another file than the one being scanned), or a text position. */
  at: ts.Node | TextPosition;
  messageId: string;
  data?: Record<string, string | number>;
  related?: { at: ts.Node; message: string }[];
  /** Raw secret values shown by this finding's code: the engine redacts them from every output. */
  secrets?: string[];
  /**
   * A level below the rule's own for this finding (a milder case the rule still points out, e.g. a note).
   * A level set in the configuration applies to every finding of the rule.
   */
  level?: Level;
  /** A safe edit that removes the finding, in the file of `at` (which must then be a node). */
  fix?: RuleFix;
}

export interface ScannedFile {
  /** Path relative to the scan root. */
  relativePath: string;
  sourceFile: ts.SourceFile;
}

export interface RuleContext {
  readonly file: ScannedFile;
  readonly options: Readonly<Record<string, unknown>>;
  /** Every JWT operation in this file, in source order. */
  readonly operations: readonly JwtOperation[];
  resolve(expression: ts.Expression): Value;
  /** Where a token comes from (request, sign, auth response, storage); undefined when not known to be a token. */
  tokenOrigin(expression: ts.Expression): TokenOrigin | undefined;
  /** Any request-derived value (token or not). */
  requestOrigin(expression: ts.Expression): TokenOrigin | undefined;
  /** Modeled operations performed by a call (zero or more). */
  operationsAt(node: ts.CallExpression | ts.NewExpression): readonly JwtOperation[];
  report(descriptor: ReportDescriptor): void;
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
}

export interface ProjectRuleContext {
  readonly options: Readonly<Record<string, unknown>>;
  report(descriptor: ReportDescriptor): void;
}

export interface Rule {
  readonly meta: RuleMeta & { readonly descriptor: RuleDescriptor };
  create(context: RuleContext): RuleListeners;
  createProject?(context: ProjectRuleContext): ProjectListeners;
}

export function defineRule(definition: {
  meta: RuleMeta;
  create(context: RuleContext): RuleListeners;
  createProject?(context: ProjectRuleContext): ProjectListeners;
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
    helpUri: `docs/rules/${meta.id}.md`,
  };
  return { meta: { ...meta, descriptor }, create: definition.create, createProject: definition.createProject };
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => (name in data ? String(data[name]) : match));
}
