import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { JSON_GLOBAL } from '../models/runtime.js';
import { WEB_STORAGE_OBJECTS, WEB_STORAGE_READ_METHOD } from '../models/sinks.js';
import { accessChain, type AccessChain } from './access-chain.js';
import { singleDefinition } from './definitions.js';
import { stripWrappers } from './values.js';

/**
 * An object read back from web storage: `JSON.parse(localStorage.getItem('user'))`, also through a variable. Its
 * token fields (`user.accessToken`) are stored tokens whatever key the object is kept under.
 */

const MAX_DEPTH = 4;

export function isParsedStorageRead(expression: ts.Expression, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    return definition?.kind === 'value' && definition.steps.length === 0 && isParsedStorageRead(definition.expression, depth + 1);
  }
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== JSON_GLOBAL.parse) return false;
  const holder = stripWrappers(node.expression.expression);
  const text = node.arguments[0];
  if (!ts.isIdentifier(holder) || holder.text !== JSON_GLOBAL.global || findDeclaration(holder.text, holder) || !text || ts.isSpreadElement(text)) return false;
  return isStorageRead(text, depth + 1);
}

/** `localStorage.getItem(key)`, `window.sessionStorage.getItem(key) || '{}'`, or a variable holding one. */
function isStorageRead(expression: ts.Expression, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  let node = stripWrappers(expression);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))
    node = stripWrappers(node.left);
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    return definition?.kind === 'value' && definition.steps.length === 0 && isStorageRead(definition.expression, depth + 1);
  }
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== WEB_STORAGE_READ_METHOD) return false;
  return isWebStorage(accessChain(node.expression.expression));
}

/** Does an access chain name a web storage object (`localStorage`, `window.sessionStorage`)? */
export function isWebStorage(chain: AccessChain): boolean {
  const last = chain.names[chain.names.length - 1] ?? (ts.isIdentifier(chain.base) ? chain.base.text : '');
  return WEB_STORAGE_OBJECTS.has(last);
}
