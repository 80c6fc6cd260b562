import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { JSON_GLOBAL } from '../models/runtime.js';
import { WEB_STORAGE_OBJECTS, WEB_STORAGE_READ_METHOD } from '../models/sinks.js';
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
  const storage = stripWrappers(node.expression.expression);
  const name = ts.isIdentifier(storage) ? storage.text : ts.isPropertyAccessExpression(storage) ? storage.name.text : undefined;
  return name !== undefined && WEB_STORAGE_OBJECTS.has(name);
}
