import { styleText } from 'node:util';
import { sanitizeLine } from './sanitize.js';
import { compareStrings, sortFindings, sortNotifications, sortSkipped } from './sort.js';
import type { Finding, Level, Notification, ScanReport } from './types.js';

export interface TextOptions {
  color: boolean;
}

/**
 * Whether to colour output written to `stream`. NO_COLOR (any non-empty value) always disables colour, even
 * when FORCE_COLOR is set: it is the user's own opt-out. FORCE_COLOR enables colour on any stream, except
 * FORCE_COLOR=0 / FORCE_COLOR=false, which disable it; an empty FORCE_COLOR counts as unset. Otherwise colour
 * is used only on a TTY whose TERM is not "dumb".
 */
export function shouldUseColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (stream.isTTY !== true) return false;
  return env.TERM !== 'dumb';
}

type Paint = (s: string) => string;

interface Palette {
  bold: Paint;
  dim: Paint;
  underline: Paint;
  red: Paint;
  yellow: Paint;
  cyan: Paint;
  green: Paint;
}

/** Whether to colour is decided once (shouldUseColor, --color), so styleText does not check the stream again. */
function style(format: 'bold' | 'dim' | 'underline' | 'red' | 'yellow' | 'cyan' | 'green'): Paint {
  return (s) => (s.length === 0 ? s : styleText(format, s, { validateStream: false }));
}

const identity: Paint = (s) => s;

function palette(color: boolean): Palette {
  if (!color) {
    return { bold: identity, dim: identity, underline: identity, red: identity, yellow: identity, cyan: identity, green: identity };
  }
  return {
    bold: style('bold'),
    dim: style('dim'),
    underline: style('underline'),
    red: style('red'),
    yellow: style('yellow'),
    cyan: style('cyan'),
    green: style('green'),
  };
}

function levelPaint(p: Palette, level: Level): Paint {
  return level === 'error' ? p.red : level === 'warning' ? p.yellow : p.cyan;
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Widest snippet shown in a code frame; longer lines (minified code) are cut to a window around the column. */
const FRAME_WIDTH = 120;
const FRAME_LEAD = 40;

/**
 * A one-line code frame: the snippet with a gutter, and a caret under `column` (1-based, UTF-16 units).
 * Tabs before the column are kept in the caret line so the caret lines up in a terminal.
 */
export function codeFrame(snippet: string, line: number, column: number, color = false): string[] {
  return frameLines(snippet, line, column, palette(color));
}

function frameLines(snippet: string, line: number, column: number, p: Palette): string[] {
  let text = sanitizeLine(snippet);
  let offset = Math.max(0, column - 1);
  if (text.length > FRAME_WIDTH) {
    const start = Math.max(0, Math.min(offset - FRAME_LEAD, text.length - FRAME_WIDTH));
    const end = Math.min(text.length, start + FRAME_WIDTH);
    const head = start > 0 ? '…' : '';
    text = head + text.slice(start, end) + (end < text.length ? '…' : '');
    offset = offset - start + head.length;
  }
  const caretPad = Array.from(text.slice(0, Math.min(offset, text.length)), (ch) => (ch === '\t' ? '\t' : ' ')).join('') + ' '.repeat(Math.max(0, offset - text.length));
  const num = String(line);
  const gutter = ' '.repeat(num.length);
  return [`    ${p.dim(`${num} |`)} ${text}`, `    ${p.dim(`${gutter} |`)} ${caretPad}${p.red('^')}`];
}

function position(line: number | undefined, column: number | undefined): string {
  if (line === undefined) return '';
  return column === undefined ? `:${line}` : `:${line}:${column}`;
}

function formatFileGroup(file: string, findings: Finding[], p: Palette): string[] {
  const out = [p.underline(p.bold(sanitizeLine(file)))];
  const posWidth = Math.max(...findings.map((f) => `${f.location.line}:${f.location.column}`.length));
  const levelWidth = Math.max(...findings.map((f) => f.level.length));
  for (const f of findings) {
    const pos = `${f.location.line}:${f.location.column}`.padEnd(posWidth);
    const level = levelPaint(p, f.level)(f.level.padEnd(levelWidth));
    out.push(`  ${p.dim(pos)}  ${level}  ${sanitizeLine(f.message)}  ${p.dim(f.ruleId)}`);
    if (f.location.snippet !== undefined) out.push(...frameLines(f.location.snippet, f.location.line, f.location.column, p));
    for (const rel of f.related) {
      out.push(`    ${p.dim('related:')} ${sanitizeLine(rel.file)}:${rel.line}:${rel.column}  ${sanitizeLine(rel.message)}`);
    }
    // the path of a finding that comes through a flow, one compact line a step, source first
    (f.steps ?? []).forEach((step, i) => {
      out.push(`    ${p.dim(`step ${i + 1}:`)} ${sanitizeLine(step.file)}:${step.line}:${step.column}  ${sanitizeLine(step.message)}`);
    });
  }
  return out;
}

function formatNotification(n: Notification, p: Palette): string {
  const where = n.file === undefined ? '(scan)' : sanitizeLine(n.file) + position(n.line, n.column);
  const rule = n.ruleId === undefined ? '' : `  ${p.dim(`[${n.ruleId}]`)}`;
  const skipped = n.fileSkipped === true ? `  ${p.dim('(skipped)')}` : '';
  return `  ${where}  ${levelPaint(p, n.level)(n.kind)}  ${sanitizeLine(n.message)}${rule}${skipped}`;
}

/** Counts for the summary line, exported for the CLI and tests. */
function summarize(report: ScanReport): {
  errors: number;
  warnings: number;
  notes: number;
  files: number;
  skipped: number;
  byRule: { ruleId: string; count: number }[];
} {
  const count = (level: Level) => report.findings.filter((f) => f.level === level).length;
  const byRule = new Map<string, number>();
  for (const f of report.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
  return {
    errors: count('error'),
    warnings: count('warning'),
    notes: count('note'),
    files: new Set(report.findings.map((f) => f.location.file)).size,
    skipped: report.stats.skipped.reduce((sum, s) => sum + Math.max(0, s.count), 0),
    byRule: [...byRule].map(([ruleId, n]) => ({ ruleId, count: n })).sort((a, b) => b.count - a.count || compareStrings(a.ruleId, b.ruleId)),
  };
}

/**
 * When the default excludes left nothing to scan (a project kept in `build/`, a folder of tests), a line saying
 * so, with the option that scans those files: an empty, successful report must not pass for a clean project.
 */
function nothingScannedLine(report: ScanReport): string | undefined {
  if (report.stats.filesScanned > 0) return undefined;
  const scannable = sortSkipped(report.stats.skipped).filter((s) => s.option !== undefined && s.count > 0);
  if (scannable.length === 0) return undefined;
  const count = scannable.reduce((sum, s) => sum + s.count, 0);
  // --no-default-excludes scans test code too; --include-tests alone is enough only when tests were all that was skipped
  const option = scannable.every((s) => s.option === scannable[0].option) ? scannable[0].option! : '--no-default-excludes';
  const reasons = scannable.map((s) => `${s.count} ${sanitizeLine(s.reason)}`).join(', ');
  return `Nothing was scanned: the default excludes skipped ${plural(count, 'source file')} (${reasons}); run with ${option} to scan them.`;
}

/** The human-readable report: findings grouped by file with code frames, notifications, then a summary. */
export function formatText(report: ScanReport, opts: TextOptions): string {
  const p = palette(opts.color);
  const out: string[] = [];

  const findings = sortFindings(report.findings);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.location.file);
    if (group === undefined) groups.set(f.location.file, [f]);
    else group.push(f);
  }
  for (const [file, group] of groups) {
    out.push(...formatFileGroup(file, group, p), '');
  }

  const notifications = sortNotifications(report.notifications);
  if (notifications.length > 0) {
    const files = new Set(notifications.flatMap((n) => (n.file === undefined ? [] : [n.file]))).size;
    out.push(p.bold(files > 0 ? `Could not fully analyse ${plural(files, 'file')}:` : 'Notifications:'));
    for (const n of notifications) out.push(formatNotification(n, p));
    out.push('');
  }

  const s = summarize(report);
  const total = s.errors + s.warnings + s.notes;
  const problems = `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notes, 'note')})` + ` in ${plural(s.files, 'file')}`;
  const reasons = sortSkipped(report.stats.skipped).map((r) => `${r.count} ${sanitizeLine(r.reason)}`);
  const scanned = `scanned ${plural(report.stats.filesScanned, 'file')}, skipped ${s.skipped}` + (reasons.length > 0 ? ` (reasons: ${reasons.join(', ')})` : '');
  const paint = s.errors > 0 ? p.red : s.warnings > 0 ? p.yellow : total > 0 ? p.cyan : p.green;
  out.push(`${p.bold(paint(problems))} — ${scanned}`);
  const nothingScanned = nothingScannedLine(report);
  if (nothingScanned !== undefined) out.push(p.yellow(nothingScanned));
  const ruleWidth = Math.max(0, ...s.byRule.map((r) => String(r.count).length));
  for (const r of s.byRule) out.push(`  ${String(r.count).padStart(ruleWidth)}  ${p.dim(r.ruleId)}`);

  return out.join('\n') + '\n';
}
