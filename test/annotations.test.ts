/** The fixture annotation grammar and checks that test/fixtures.test.ts relies on. */
import { describe, expect, it } from 'vitest';
import { checkAnnotations, parseAnnotations, type FoundFinding } from './helpers/annotations.js';

const rules = new Map([
  ['rule-a', new Set(['first', 'second'])],
  ['rule-b', new Set(['only'])],
]);
const check = (text: string, findings: Omit<FoundFinding, 'file'>[]) =>
  checkAnnotations(
    'f.ts',
    parseAnnotations(text),
    findings.map((f) => ({ ...f, file: 'f.ts' })),
    rules,
  );

describe('fixture annotations', () => {
  it('parse rule ids, message ids, levels and reasons, several per line', () => {
    expect(parseAnnotations('x(); // expect: rule-a[second]@note, rule-b // ok: rule-c - the key is a constant // not part of it')).toEqual([
      { kind: 'expect', ruleId: 'rule-a', line: 1, messageId: 'second', level: 'note' },
      { kind: 'expect', ruleId: 'rule-b', line: 1 },
      { kind: 'ok', ruleId: 'rule-c', line: 1, reason: 'the key is a constant' },
    ]);
    expect(parseAnnotations('a\n// todo-ok: rule-a - known false positive')).toEqual([{ kind: 'todo-ok', ruleId: 'rule-a', line: 2, reason: 'known false positive' }]);
  });

  it('check the message id an expectation names', () => {
    expect(check('x(); // expect: rule-a[first]', [{ ruleId: 'rule-a', line: 1, messageId: 'first' }])).toEqual([]);
    expect(check('x(); // expect: rule-a[first]', [{ ruleId: 'rule-a', line: 1, messageId: 'second' }])).toEqual(['f.ts:1: expected rule-a[first], reported with second']);
    expect(check('x(); // expect: rule-a[third]', [{ ruleId: 'rule-a', line: 1, messageId: 'first' }])).toEqual(["f.ts:1: rule rule-a has no message 'third'; it has first, second"]);
  });

  it('require a reason on ok, todo-ok and todo-expect', () => {
    expect(check('x(); // ok: rule-b - the token is never stored', [])).toEqual([]);
    expect(check('x(); // ok: rule-b', [])).toEqual(["f.ts:1: '// ok: rule-b' needs a reason: '// ok: rule-b - why'"]);
    expect(check('x(); // ok: rule-b -', [])).toHaveLength(1);
    expect(check('x(); // todo-expect: rule-b', [])).toEqual(["f.ts:1: '// todo-expect: rule-b' needs a reason: '// todo-expect: rule-b - why'"]);
  });

  it('stay strict both ways', () => {
    expect(check('x(); // expect: rule-a', [])).toEqual(['f.ts:1: expected rule-a, not reported']);
    expect(check('x();', [{ ruleId: 'rule-a', line: 1 }])).toEqual(['f.ts:1: unexpected rule-a']);
    expect(check('x(); // ok: rule-a - near miss', [{ ruleId: 'rule-a', line: 1 }])).toEqual(['f.ts:1: rule-a reported on a line marked ok', 'f.ts:1: unexpected rule-a']);
    expect(check('x(); // expect: rule-a@note', [{ ruleId: 'rule-a', line: 1, level: 'error' }])).toEqual(['f.ts:1: expected rule-a at level note, reported at error']);
    expect(check('x(); // expect: rule-z', [])).toEqual(["f.ts:1: annotation names unknown rule 'rule-z'"]);
  });
});
