import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { parseSource } from '../src/parsing/parse.js';
import type { TokenOrigin } from '../src/dataflow/provenance.js';
import { describeTokenOrigin, isNonTokenValue } from '../src/engine/token-vocabulary.js';
import { heldOrigins } from '../src/dataflow/serialized.js';

/** The expression of the last statement of `code`. */
function lastExpression(code: string): ts.Expression {
  const { sourceFile } = parseSource('/virtual/test.ts', code);
  const statement = sourceFile.statements[sourceFile.statements.length - 1];
  if (!statement || !ts.isExpressionStatement(statement)) throw new Error('the last statement is not an expression');
  return statement.expression;
}

/** A stand-in for the provenance tracker: an identifier named `token` is a token from the request. */
const origin = (expression: ts.Expression): TokenOrigin | undefined =>
  ts.isIdentifier(expression) && expression.text === 'token' ? { kind: 'request', node: expression, namedToken: true } : undefined;

const found = (code: string): string | undefined => heldOrigins(lastExpression(code), origin)[0]?.node.getText();

describe('describeTokenOrigin', () => {
  it('words every origin the same way for every rule', () => {
    expect(describeTokenOrigin('signed')).toBe('A signed JWT');
    expect(describeTokenOrigin('request')).toBe('A bearer token from the request');
  });

  it('takes a rule’s own wording only for the origins it names', () => {
    const wording = { storage: 'A token' };
    expect(describeTokenOrigin('storage', wording)).toBe('A token');
    expect(describeTokenOrigin('auth-response', wording)).toBe('A token from an auth response');
  });
});

describe('isNonTokenValue', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
  const node = lastExpression('value;');

  it('a JWT literal may be a token; other literals cannot', () => {
    expect(isNonTokenValue({ kind: 'string', value: jwt, node })).toBe(false);
    expect(isNonTokenValue({ kind: 'string', value: '', node })).toBe(true);
    expect(isNonTokenValue({ kind: 'string', value: `${jwt}.extra`, node })).toBe(true);
    expect(isNonTokenValue({ kind: 'number', value: 0, node })).toBe(true);
    expect(isNonTokenValue({ kind: 'null', node })).toBe(true);
  });

  it('an unresolved value may be a token', () => {
    expect(isNonTokenValue({ kind: 'unknown', node })).toBe(false);
  });
});

describe('heldOrigins (what a written value carries)', () => {
  it('finds the token itself, in an object property, a shorthand, a spread, an array and JSON.stringify', () => {
    expect(found('token;')).toBe('token');
    expect(found('({ value: token });')).toBe('token');
    expect(found('({ token });')).toBe('token');
    expect(found('({ ...{ a: 1, b: token } });')).toBe('token');
    expect(found('[1, ...[token]];')).toBe('token');
    expect(found('JSON.stringify({ user, token });')).toBe('token');
  });

  it('finds nothing in values without a token', () => {
    expect(found('({ user, id: 1 });')).toBeUndefined();
    expect(found('JSON.stringify(user);')).toBeUndefined();
  });

  it('stops at a nesting bound instead of walking without end', () => {
    const deep = `${'['.repeat(12)}token${']'.repeat(12)};`;
    expect(found(deep)).toBeUndefined();
  });
});
