/**
 * Fixture annotations (DESIGN.md §5), on the line of the primary location:
 *   // expect: rule-a, rule-b        the rules must report here
 *   // ok: rule-a - reason           a near miss: the rule must stay silent here
 *   // todo-expect: rule-a - why     a known gap: the rule does NOT report yet (fails when it starts to)
 *   // todo-ok: rule-a - why         a known false positive: the rule reports (fails when it stops)
 * `ok`, `todo-expect` and `todo-ok` need their reason (` - ` and text): a near miss says what makes it one.
 * An expected rule may name the message of its finding and the level when it differs from the rule's own:
 *   // expect: rule-a[messageId]     reported here with that message
 *   // expect: rule-a@note           reported here, at level note
 *   // expect: rule-a[messageId]@note
 */
export type AnnotationKind = 'expect' | 'ok' | 'todo-expect' | 'todo-ok';

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  line: number;
  /** The message id the finding must have (`rule-id[messageId]`). */
  messageId?: string;
  /** The level the finding must have (`rule-id@note`). */
  level?: string;
  /** The text after ` - `; undefined when the annotation gives none. */
  reason?: string;
}

const ITEM = String.raw`[a-z0-9-]+(?:\[[A-Za-z][A-Za-z0-9]*\])?(?:@[a-z]+)?`;
/** The kind, the rule list, and the reason up to the next `//` (a line may carry `// expect: a // ok: b - why`). */
const MARKER = new RegExp(String.raw`\/\/\s*(expect|ok|todo-expect|todo-ok)\s*:\s*(${ITEM}(?:\s*,\s*${ITEM})*)(?:\s+-\s+((?:(?!\/\/).)*))?`, 'g');
const ITEM_PARTS = /^([a-z0-9-]+)(?:\[([A-Za-z0-9]+)\])?(?:@([a-z]+))?$/;

export function parseAnnotations(text: string): Annotation[] {
  const annotations: Annotation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((content, index) => {
    for (const match of content.matchAll(MARKER)) {
      const reason = match[3]?.trim() || undefined;
      for (const item of match[2]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [, ruleId, messageId, level] = ITEM_PARTS.exec(item)!;
        annotations.push({
          kind: match[1] as AnnotationKind,
          ruleId,
          line: index + 1,
          ...(messageId ? { messageId } : {}),
          ...(level ? { level } : {}),
          ...(reason ? { reason } : {}),
        });
      }
    }
  });
  return annotations;
}

export interface FoundFinding {
  ruleId: string;
  file: string;
  line: number;
  level?: string;
  messageId?: string;
}

/**
 * Compares findings with annotations; returns human-readable problems (empty = pass). `knownRules` maps each
 * rule id to its message ids.
 */
export function checkAnnotations(file: string, annotations: Annotation[], findings: FoundFinding[], knownRules: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const problems: string[] = [];
  const here = (ruleId: string, line: number) => findings.filter((f) => f.ruleId === ruleId && f.line === line);
  for (const annotation of annotations) {
    const where = `${file}:${annotation.line}`;
    const messages = knownRules.get(annotation.ruleId);
    if (messages === undefined) {
      problems.push(`${where}: annotation names unknown rule '${annotation.ruleId}'`);
      continue;
    }
    if (annotation.messageId !== undefined && !messages.has(annotation.messageId)) {
      problems.push(`${where}: rule ${annotation.ruleId} has no message '${annotation.messageId}'; it has ${[...messages].join(', ')}`);
      continue;
    }
    if (annotation.kind !== 'expect' && annotation.reason === undefined) {
      problems.push(`${where}: '// ${annotation.kind}: ${annotation.ruleId}' needs a reason: '// ${annotation.kind}: ${annotation.ruleId} - why'`);
    }
    const found = here(annotation.ruleId, annotation.line);
    const reported = found.length > 0;
    if (annotation.kind === 'expect' && !reported) problems.push(`${where}: expected ${annotation.ruleId}, not reported`);
    if (annotation.kind === 'expect' && reported) problems.push(...expectationProblems(where, annotation, found));
    if (annotation.kind === 'ok' && reported) problems.push(`${where}: ${annotation.ruleId} reported on a line marked ok`);
    if (annotation.kind === 'todo-expect' && reported) problems.push(`${where}: ${annotation.ruleId} now reported: promote todo-expect to expect`);
    if (annotation.kind === 'todo-ok' && !reported) problems.push(`${where}: ${annotation.ruleId} no longer reported: promote todo-ok to ok`);
  }
  for (const finding of findings) {
    const covered = annotations.some((a) => a.ruleId === finding.ruleId && a.line === finding.line && (a.kind === 'expect' || a.kind === 'todo-ok'));
    if (!covered) problems.push(`${file}:${finding.line}: unexpected ${finding.ruleId}`);
  }
  return problems;
}

/** The message id and level an `expect` names, against the findings of its rule on its line. */
function expectationProblems(where: string, annotation: Annotation, found: readonly FoundFinding[]): string[] {
  const problems: string[] = [];
  if (annotation.messageId !== undefined && !found.some((f) => f.messageId === annotation.messageId)) {
    problems.push(`${where}: expected ${annotation.ruleId}[${annotation.messageId}], reported with ${found.map((f) => f.messageId ?? '(no message id)').join(', ')}`);
  }
  if (annotation.level !== undefined && !found.some((f) => f.level === annotation.level)) {
    problems.push(`${where}: expected ${annotation.ruleId} at level ${annotation.level}, reported at ${found.map((f) => f.level).join(', ')}`);
  }
  return problems;
}
