import { ts } from 'ts-morph';
import { stripWrappers } from '../dataflow/values.js';
import { claimWords, GENERIC_TYPE_MARKERS, KIND_ONLY_CLAIMS, TOKEN_CLASS_WORDS } from '../models/token-claims.js';

/**
 * What a signed token is for, read from what the code says about it: the class words of a name (`refreshToken`,
 * `sendPasswordReset`), a marker claim's value (`typ: 'refresh'`), and the names a sign call's result is given.
 * Classes are the keys of TOKEN_CLASS_WORDS, plus those a configuration adds (`parseClassWords`).
 */

/** The token class a name's words say (`refreshToken` → refresh), with the configured extra words. */
export function tokenClassOfName(name: string, extra: ReadonlyMap<string, readonly string[]>): string | undefined {
  const list = claimWords(name);
  const joined = list.join('');
  for (const [cls, classWords] of TOKEN_CLASS_WORDS) {
    const all = [...classWords, ...(extra.get(cls) ?? [])];
    if (cls === 'ID' ? all.some((w) => joined.includes(w.replace(/_/g, '')) || list.join(' ').includes('id token')) : all.some((w) => list.includes(w))) return cls;
  }
  for (const [cls, classWords] of extra) if (!TOKEN_CLASS_WORDS.some(([known]) => known === cls) && classWords.some((w) => list.includes(w))) return cls;
  return undefined;
}

/**
 * `typ: 'refresh'`, `token_use: 'id'`, `typ: 'at+jwt'`: the class a marker value names (a generic 'JWT' names
 * none). Claims that also carry other things (`scope: 'read write'`, `type: 'admin'`) name a class only with a class word.
 */
export function tokenClassOfMarker(claim: string, value: string, extra: ReadonlyMap<string, readonly string[]>): string | undefined {
  const text = value
    .toLowerCase()
    .replace(/^application\//, '')
    .replace(/\+jwt$/, '');
  if (GENERIC_TYPE_MARKERS.has(text)) return undefined;
  if (text === 'id') return 'ID';
  return tokenClassOfName(text, extra) ?? (KIND_ONLY_CLAIMS.has(claim) ? text : undefined);
}

export function parseClassWords(option: unknown): Map<string, string[]> {
  const extra = new Map<string, string[]>();
  for (const entry of Array.isArray(option) ? option : []) {
    const [cls, word] = String(entry)
      .split(':')
      .map((part) => part.trim());
    if (cls && word) extra.set(cls, [...(extra.get(cls) ?? []), word.toLowerCase()]);
  }
  return extra;
}

/** Names the sign call's result is given: the variable or property it is stored in, the function returning it, the route. */
export function namesAround(call: ts.Node): string[] {
  const names: string[] = [];
  let node: ts.Node = call;
  let parent: ts.Node | undefined = node.parent;
  while (parent && (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) names.push(parent.name.text);
  else if (parent && ts.isPropertyAssignment(parent) && !ts.isComputedPropertyName(parent.name)) names.push(parent.name.getText());
  else if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = stripWrappers(parent.left);
    if (ts.isIdentifier(left)) names.push(left.text);
    else if (ts.isPropertyAccessExpression(left)) names.push(left.name.text);
  }
  let route: string | undefined;
  for (let current: ts.Node | undefined = call.parent; current; current = current.parent) {
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current)) {
      if (current.name && !ts.isComputedPropertyName(current.name)) names.push(current.name.getText());
    } else if (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) {
      const holder = current.parent;
      if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) names.push(holder.name.text);
      else if (ts.isPropertyAssignment(holder) && !ts.isComputedPropertyName(holder.name)) names.push(holder.name.getText());
      else if (ts.isCallExpression(holder) && route === undefined) {
        const first = holder.arguments[0];
        if (first && ts.isStringLiteralLike(first) && first.text.startsWith('/')) route = first.text;
      }
    }
  }
  if (route !== undefined) names.push(route);
  return names;
}
