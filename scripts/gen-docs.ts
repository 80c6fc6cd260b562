/**
 * Generates the rule documentation from rule metadata (DESIGN.md §4: metadata is written once):
 *   docs/rules/<id>.md   one page per rule in rules/index.ts
 *   docs/rules/README.md the index (id, level, title)
 *   README.md            the rule table between the GENERATED RULES markers, and the supported libraries
 *                        (from src/models/index.ts) between the GENERATED LIBRARIES markers
 *
 * `npm run docs` builds and runs this file (dist/scripts/gen-docs.js). test/docs.test.ts renders the same
 * pages with the exported functions and fails when a file on disk is stale, missing or extra.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RuleDescriptor, RuleExample, RuleOptionDescriptor } from '../src/report/types.js';
import { libraryModels } from '../src/models/index.js';
import type { LibraryModel } from '../src/models/types.js';

/** Directory of the generated pages, relative to the repository root. */
export const DOCS_DIR = 'docs/rules';
export const INDEX_FILE = 'README.md';
const GENERATED_NOTE = '<!-- Generated from the rule metadata by scripts/gen-docs.ts: edit the rule, then run `npm run docs`. -->';

/** GitHub code scanning's buckets for `security-severity`. */
export function severityLabel(score: number): string {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

/** A table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks inside the value. */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function formatDefault(option: RuleOptionDescriptor): string {
  return inlineCode(JSON.stringify(option.default));
}

/** Language of a fenced block, from the example's file name (default example.ts). */
export function exampleLanguage(example: RuleExample): string {
  const name = example.fileName ?? 'example.ts';
  const extension = path.extname(name).slice(1).toLowerCase();
  const byExtension: Record<string, string> = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', js: 'js', mjs: 'js', cjs: 'js', jsx: 'jsx', json: 'json' };
  return byExtension[extension] ?? '';
}

function codeBlock(example: RuleExample): string {
  const code = example.code.replace(/\s+$/, '');
  const longest = Math.max(2, ...[...code.matchAll(/^\s*(`{3,})/gm)].map((m) => m[1].length));
  const fence = '`'.repeat(longest + 1);
  const caption = example.fileName ? `${inlineCode(example.fileName)}:\n\n` : '';
  return `${caption}${fence}${exampleLanguage(example)}\n${code}\n${fence}`;
}

function cweLink(cwe: number): string {
  return `[CWE-${cwe}](https://cwe.mitre.org/data/definitions/${cwe}.html)`;
}

/** The Markdown page of one rule. */
export function renderRuleDoc(rule: RuleDescriptor): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(`# ${rule.id}`, '', GENERATED_NOTE, '', `**${rule.title}**`, '', rule.description.trim(), '');
  push('| Property | Value |', '|---|---|');
  push(`| Level | \`${rule.level}\` |`);
  push(`| Security severity | ${rule.securitySeverity} (${severityLabel(rule.securitySeverity)}) |`);
  push(`| Precision | ${rule.precision} |`);
  push(`| CWE | ${rule.cwe.map(cweLink).join(', ')} |`, '');
  push('## Why it matters', '', rule.rationale.trim(), '');
  push('## How to fix', '', rule.remediation.trim(), '');
  push('## Options', '');
  const options = Object.entries(rule.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (options.length === 0) {
    push('This rule has no options.', '');
  } else {
    push('| Option | Type | Default | Description |', '|---|---|---|---|');
    for (const [name, option] of options) push(`| \`${name}\` | \`${cell(option.type)}\` | ${cell(formatDefault(option))} | ${cell(option.description.trim())} |`);
    push('');
  }
  if (rule.wrapperCalls) push('## Through project functions', '', rule.wrapperCalls.trim(), '');
  push('## Examples', '', '### Reported', '', codeBlock(rule.examples.bad), '', '### Not reported', '', codeBlock(rule.examples.good), '');
  push('## References', '');
  for (const reference of rule.references) push(`- <${reference}>`);
  push('');
  return lines.join('\n');
}

/** docs/rules/README.md: every rule with its level and title, sorted by id. */
export function renderIndex(rules: readonly RuleDescriptor[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lines = [
    '# jwtlint rules',
    '',
    GENERATED_NOTE,
    '',
    `${sorted.length} rules. Each page says what the rule finds, why it matters, how to fix it, its options, and an example that is reported and one that is not.`,
    '',
    '| Rule | Level | Title |',
    '|---|---|---|',
    ...sorted.map((rule) => `| [${rule.id}](${rule.id}.md) | \`${rule.level}\` | ${cell(rule.title)} |`),
    '',
  ];
  return lines.join('\n');
}

export const README_FILE = 'README.md';
export const README_BEGIN = '<!-- BEGIN GENERATED RULES (npm run docs) -->';
export const README_END = '<!-- END GENERATED RULES -->';

/** The rule table of the top-level README. */
export function renderReadmeRules(rules: readonly RuleDescriptor[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ['| Rule | Level | Finds |', '|---|---|---|', ...sorted.map((rule) => `| [\`${rule.id}\`](${DOCS_DIR}/${rule.id}.md) | ${rule.level} | ${cell(rule.title)} |`)].join('\n');
}

export const LIBRARIES_BEGIN = '<!-- BEGIN GENERATED LIBRARIES (npm run docs) -->';
export const LIBRARIES_END = '<!-- END GENERATED LIBRARIES -->';

/** The supported-libraries table of the top-level README: every library model with its packages and entry points. */
export function renderReadmeLibraries(models: readonly LibraryModel[]): string {
  const sorted = [...models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const entries = (model: LibraryModel): string => [...new Set(model.operations.map((operation) => `\`${operation.api}\``))].join(', ');
  return [
    '| Library | Packages | Entry points |',
    '|---|---|---|',
    ...sorted.map((model) => `| [${model.id}](${model.docs}) | ${model.packages.map((p) => `\`${p}\``).join(', ')} | ${cell(entries(model))} |`),
  ].join('\n');
}

function replaceBetween(text: string, begin: string, end: string, content: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${README_FILE} must contain the lines ${begin} and ${end}`);
  return `${text.slice(0, from + begin.length)}\n${content}\n${text.slice(to)}`;
}

/** The README text with its generated rule table and library list replaced; throws when the markers are missing. */
export function updateReadme(text: string, rules: readonly RuleDescriptor[], models: readonly LibraryModel[] = libraryModels): string {
  const withRules = replaceBetween(text, README_BEGIN, README_END, renderReadmeRules(rules));
  return replaceBetween(withRules, LIBRARIES_BEGIN, LIBRARIES_END, renderReadmeLibraries(models));
}

/** Every generated file: path relative to DOCS_DIR → content. */
export function renderAll(rules: readonly RuleDescriptor[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(`${rule.id}.md`, renderRuleDoc(rule));
  files.set(INDEX_FILE, renderIndex(rules));
  return files;
}

/** Markdown files currently in DOCS_DIR (names only). */
export function existingDocs(repoRoot: string): string[] {
  const dir = path.join(repoRoot, DOCS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => entry.name)
    .sort();
}

/** Writes the pages that changed and deletes pages of rules that no longer exist. Returns what it did. */
export function writeDocs(repoRoot: string, rules: readonly RuleDescriptor[]): { written: string[]; removed: string[]; unchanged: number } {
  const dir = path.join(repoRoot, DOCS_DIR);
  mkdirSync(dir, { recursive: true });
  const expected = renderAll(rules);
  const written: string[] = [];
  let unchanged = 0;
  for (const [name, content] of expected) {
    const target = path.join(dir, name);
    if (existsSync(target) && readFileSync(target, 'utf8') === content) {
      unchanged += 1;
      continue;
    }
    writeFileSync(target, content, 'utf8');
    written.push(name);
  }
  const removed = existingDocs(repoRoot).filter((name) => !expected.has(name));
  for (const name of removed) rmSync(path.join(dir, name));
  const readmePath = path.join(repoRoot, README_FILE);
  const readme = readFileSync(readmePath, 'utf8');
  const updated = updateReadme(readme, rules);
  if (updated !== readme) {
    writeFileSync(readmePath, updated, 'utf8');
    written.push(`../../${README_FILE}`);
  } else {
    unchanged += 1;
  }
  return { written, removed, unchanged };
}

/** The directory holding jwtlint's package.json above this module (works from scripts/ and from dist/scripts/). */
export function findRepoRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; ) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'jwtlint') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find jwtlint's package.json above ${from}`);
    dir = parent;
  }
}

async function main(): Promise<void> {
  const { allRules } = await import('../rules/index.js');
  const root = findRepoRoot();
  const result = writeDocs(
    root,
    allRules.map((rule) => rule.meta.descriptor),
  );
  const parts = [`${result.written.length} written`, `${result.unchanged} unchanged`, `${result.removed.length} removed`];
  process.stdout.write(`docs: ${allRules.length} rules; ${DOCS_DIR}/ and ${README_FILE}: ${parts.join(', ')}\n`);
  for (const name of result.written) process.stdout.write(`  wrote ${path.posix.normalize(`${DOCS_DIR}/${name}`)}\n`);
  for (const name of result.removed) process.stdout.write(`  removed ${DOCS_DIR}/${name}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`gen-docs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
