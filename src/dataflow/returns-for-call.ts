import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { argumentFor } from './call-sites.js';
import { returnedExpressions, type ProjectFunction } from './summaries.js';
import { stripWrappers } from './values.js';

/**
 * The expressions a function returns when one call reaches it. A return inside a `switch` over one of the
 * function's parameters is left out when the call passes a literal that no case label leading to it matches:
 * `generateToken('reset')` never takes `case 'access': return jwt.sign(...)`, whose result is a JWT, when the
 * reset branch returns random bytes. Whatever is not that plain (a computed label, a clause that falls through
 * from one with statements, an argument that is not a literal) keeps the return.
 */
export function returnedExpressionsFor(fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression): ts.Expression[] {
  const all = returnedExpressions(fn.body);
  const reachable = all.filter((expression) => reachableFrom(expression, fn, call));
  return reachable.length === all.length ? all : reachable;
}

/** Can the return of `expression` run for this call, as far as the switches around it over `fn`'s parameters tell? */
function reachableFrom(expression: ts.Expression, fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression): boolean {
  for (let node: ts.Node = expression; node !== fn.body && node.parent; node = node.parent) {
    if ((ts.isCaseClause(node) || ts.isDefaultClause(node)) && !clauseRuns(node, fn, call)) return false;
  }
  return true;
}

function clauseRuns(clause: ts.CaseOrDefaultClause, fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression): boolean {
  const block = clause.parent;
  const subject = stripWrappers(block.parent.expression);
  const declaration = ts.isIdentifier(subject) ? findDeclaration(subject.text, subject) : undefined;
  if (declaration?.kind !== 'parameter' || declaration.steps.length > 0 || declaration.node.parent !== fn) return true;
  const argument = argumentFor(call, fn, fn.parameters.indexOf(declaration.node));
  const value = argument && literalKey(argument);
  if (value === undefined) return true;
  // this clause and the label-only clauses right before it, which fall into it
  const clauses = block.clauses;
  let first = clauses.indexOf(clause);
  while (first > 0 && clauses[first - 1].statements.length === 0) first -= 1;
  if (first > 0 && !endsAbruptly(clauses[first - 1].statements)) return true; // falls through from a clause with code
  const labels = (some: readonly ts.CaseOrDefaultClause[]) => some.filter(ts.isCaseClause).map((c) => literalKey(c.expression));
  const group = clauses.slice(first, clauses.indexOf(clause) + 1);
  const everyLabel = labels(clauses);
  if (everyLabel.includes(undefined)) return true; // a label that is not a literal: any clause may be the one
  if (labels(group).includes(value)) return true;
  // `default` runs when no label of the switch matches
  return group.some(ts.isDefaultClause) && !everyLabel.includes(value);
}

/** Does control leave after these statements (`break`, `return`, `throw`, `continue`, also as a block's last)? */
function endsAbruptly(statements: readonly ts.Statement[]): boolean {
  const last = statements[statements.length - 1];
  if (!last) return false;
  if (ts.isBlock(last)) return endsAbruptly(last.statements);
  return ts.isBreakStatement(last) || ts.isReturnStatement(last) || ts.isThrowStatement(last) || ts.isContinueStatement(last);
}

/** A literal's value, tagged with its type (`'1'` and `1` differ for `switch`); undefined for anything else. */
function literalKey(expression: ts.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isStringLiteralLike(node)) return `s:${node.text}`;
  if (ts.isNumericLiteral(node)) return `n:${Number(node.text)}`;
  return undefined;
}
