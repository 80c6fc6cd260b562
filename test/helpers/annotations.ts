/**
 * Fixture annotations (DESIGN.md §5), on the line of the primary location:
 *   // expect: rule-a, rule-b        the rules must report here
 *   // ok: rule-a - reason           a near miss: the rule must stay silent here
 *   // todo-expect: rule-a - why     a known gap: the rule does NOT report yet (fails when it starts to)
 *   // todo-ok: rule-a - why         a known false positive: the rule reports (fails when it stops)
 * An expected rule may name the level of its finding when it differs from the rule's own:
 *   // expect: rule-a@note           reported here, at level note
 */
export type AnnotationKind = 'expect' | 'ok' | 'todo-expect' | 'todo-ok';

export interface Annotation {
  kind: AnnotationKind;
  ruleId: string;
  line: number;
  /** The level the finding must have (`rule-id@note`). */
  level?: string;
}

const MARKER = /\/\/\s*(expect|ok|todo-expect|todo-ok)\s*:\s*([a-z0-9-]+(?:@[a-z]+)?(?:\s*,\s*[a-z0-9-]+(?:@[a-z]+)?)*)/g;

export function parseAnnotations(text: string): Annotation[] {
  const annotations: Annotation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((content, index) => {
    for (const match of content.matchAll(MARKER)) {
      for (const item of match[2].split(',').map((s) => s.trim()).filter(Boolean)) {
        const [ruleId, level] = item.split('@');
        annotations.push({ kind: match[1] as AnnotationKind, ruleId, line: index + 1, ...(level ? { level } : {}) });
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
}

/** Compares findings with annotations; returns human-readable problems (empty = pass). */
export function checkAnnotations(file: string, annotations: Annotation[], findings: FoundFinding[], knownRules: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const at = (ruleId: string, line: number) => findings.some((f) => f.ruleId === ruleId && f.line === line);
  for (const annotation of annotations) {
    if (!knownRules.has(annotation.ruleId)) {
      problems.push(`${file}:${annotation.line}: annotation names unknown rule '${annotation.ruleId}'`);
      continue;
    }
    const reported = at(annotation.ruleId, annotation.line);
    if (annotation.kind === 'expect' && !reported) problems.push(`${file}:${annotation.line}: expected ${annotation.ruleId}, not reported`);
    if (annotation.kind === 'expect' && reported && annotation.level !== undefined) {
      const levels = findings.filter((f) => f.ruleId === annotation.ruleId && f.line === annotation.line).map((f) => f.level);
      if (!levels.includes(annotation.level)) problems.push(`${file}:${annotation.line}: expected ${annotation.ruleId} at level ${annotation.level}, reported at ${levels.join(', ')}`);
    }
    if (annotation.kind === 'ok' && reported) problems.push(`${file}:${annotation.line}: ${annotation.ruleId} reported on a line marked ok`);
    if (annotation.kind === 'todo-expect' && reported) problems.push(`${file}:${annotation.line}: ${annotation.ruleId} now reported: promote todo-expect to expect`);
    if (annotation.kind === 'todo-ok' && !reported) problems.push(`${file}:${annotation.line}: ${annotation.ruleId} no longer reported: promote todo-ok to ok`);
  }
  for (const finding of findings) {
    const covered = annotations.some((a) => a.ruleId === finding.ruleId && a.line === finding.line && (a.kind === 'expect' || a.kind === 'todo-ok'));
    if (!covered) problems.push(`${file}:${finding.line}: unexpected ${finding.ruleId}`);
  }
  return problems;
}
