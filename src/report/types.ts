/**
 * The data a scan produces. Everything downstream of the engine (formatters, SARIF, the CLI's exit code)
 * works from these types only.
 */

export type Level = 'error' | 'warning' | 'note';

/** A source position. Paths are relative to the scan root, with forward slashes. Lines and columns are 1-based; columns count UTF-16 code units. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The source line of `line`, trimmed of its line terminator, with secrets already redacted. */
  snippet?: string;
}

export interface RelatedLocation extends SourceLocation {
  message: string;
}

/**
 * One step of the path a value takes to the reported code (SARIF `codeFlows`): where the value is, and what
 * happens to it there ("read from the Authorization header", "passed to createToken()", "signed by jwt.sign").
 */
export interface FlowStep extends SourceLocation {
  message: string;
}

/** One text replacement of a fix: the region (1-based, UTF-16 columns, end exclusive) and the text put there. */
export interface Replacement {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** A mechanical change that removes the finding (SARIF `fixes`, editor quick fixes, `--fix`). */
export interface Fix {
  description: string;
  replacements: Replacement[];
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages (its `meta.messages` key); not part of any output format. */
  messageId?: string;
  level: Level;
  /** Fully formatted message, secrets already redacted. */
  message: string;
  location: SourceLocation;
  related: RelatedLocation[];
  /**
   * For a finding that comes through a flow (a token followed across assignments, functions and modules, a value
   * entering a wrapper): its path, source first, the reported operation or sink last. Not part of the fingerprint.
   */
  steps?: FlowStep[];
  /** Stable across line moves: derived from rule id, file, and the normalised text of the reported code. */
  fingerprint: string;
  /** Safe edits that remove the finding, when the rule knows one. */
  fixes?: Fix[];
  /** Set when a `jwtlint-disable` comment covers the finding (SARIF `suppressions[]`, with --include-suppressed). */
  suppression?: { kind: 'inSource'; justification: string };
}

export type NotificationKind = 'unreadable' | 'binary' | 'too-large' | 'minified' | 'invalid-encoding' | 'parse-error' | 'rule-error' | 'timeout' | 'not-a-file';

export interface Notification {
  kind: NotificationKind;
  level: Level;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  ruleId?: string;
  /** True when the file could not be analysed at all (vs partly analysed). */
  fileSkipped?: boolean;
}

export type Precision = 'very-high' | 'high' | 'medium' | 'low';

/** The description of a rule that outputs need (SARIF tool.driver.rules, docs, --list-rules). */
export interface RuleDescriptor {
  id: string;
  title: string;
  /** One sentence: what the rule finds. */
  description: string;
  /** Markdown: why it matters. */
  rationale: string;
  /** Markdown: how to fix it. */
  remediation: string;
  level: Level;
  precision: Precision;
  /** 0 < n <= 10, as GitHub code scanning expects. */
  securitySeverity: number;
  cwe: number[];
  references: string[];
  options: Record<string, RuleOptionDescriptor>;
  examples: { bad: RuleExample; good: RuleExample };
  /** Markdown: where findings that come through a project function (a wrapper) are reported, for rules that follow them. */
  wrapperCalls?: string;
  /** Relative URL of the docs page inside the repository, e.g. docs/rules/<id>.md */
  helpUri: string;
}

export interface RuleOptionDescriptor {
  type: 'number' | 'boolean' | 'string' | 'string[]';
  default: number | boolean | string | string[];
  description: string;
}

export interface RuleExample {
  /** Source code of the example; file name decides the language (default example.ts). */
  code: string;
  fileName?: string;
}

export interface SkipCount {
  reason: string;
  count: number;
  /** The command-line option that scans these files, when one does (`--include-tests`, `--no-default-excludes`). */
  option?: string;
}

export interface ScanReport {
  toolName: string;
  toolVersion: string;
  informationUri: string;
  /** Absolute path of the scan root. Never printed in SARIF locations. */
  root: string;
  findings: Finding[];
  notifications: Notification[];
  rules: RuleDescriptor[];
  stats: {
    filesScanned: number;
    filesParsed: number;
    skipped: SkipCount[];
  };
}
