import { ts } from 'ts-morph';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { FILE_ROUTE_PATTERNS } from '../models/http.js';
import { CONFIG_GETTERS, CONFIG_RECEIVER } from '../models/key-sources.js';
import { claimWords, GENERIC_TYPE_MARKERS, KIND_ONLY_CLAIMS, MAIL_DELIVERY_WORDS, OPENING_WORDS, SEALING_WORDS, TOKEN_CLASS_WORDS } from '../models/token-claims.js';

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
  // a route module of file-based routing is named by its path (`app/api/share/[slug]/route.ts`)
  route ??= FILE_ROUTE_PATTERNS.map((pattern) => pattern.exec(call.getSourceFile().fileName.split('\\').join('/'))?.[1]).find((found) => found !== undefined);
  if (route !== undefined) names.push(route);
  return names;
}

/** The name of the function a call calls, in words (`crypto.encrypt` → ['encrypt']). */
function calleeWords(call: ts.CallExpression): string[] {
  const callee = stripWrappers(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === undefined ? [] : claimWords(name);
}

/** Is the token a sign call makes sealed at once (`encrypt(jwt.sign(...), key)`, also in the wrapper that makes it)? */
export function isSealed(calls: readonly ts.Node[]): boolean {
  return calls.some((call) => {
    let node: ts.Node = call;
    while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
    const parent = node.parent;
    return ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) && calleeWords(parent).some((word) => SEALING_WORDS.has(word));
  });
}

/** Is the token a verification gets opened first (`jwt.verify(decrypt(token, key), key)`)? */
export function isOpened(token: ts.Expression | undefined): boolean {
  const node = token && stripWrappers(token);
  return node !== undefined && ts.isCallExpression(node) && calleeWords(node).some((word) => OPENING_WORDS.has(word));
}

/**
 * The name of the setting a value is read from: an environment variable (`process.env.REFRESH_TOKEN_TTL`), a
 * configuration key (`config.get('ACCESS_TOKEN_VALIDITY')`) or a configuration property (`config.jwt.refreshExpiresIn`).
 * Such a name is chosen once, for one kind of token: when it names a class, it tells that class apart.
 */
export function settingNameOf(expression: ts.Node, value: Value): string | undefined {
  if (value.kind === 'env') return value.name;
  if (value.kind === 'fallback' && value.primary.kind === 'env') return value.primary.name;
  let node: ts.Node = expression;
  if (ts.isPropertyAssignment(node)) node = node.initializer;
  if (!ts.isExpression(node)) return undefined;
  node = stripWrappers(node);
  if (ts.isBinaryExpression(node) && (node.operatorToken.kind === ts.SyntaxKind.BarBarToken || node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken))
    node = stripWrappers(node.left);
  if (ts.isCallExpression(node)) {
    const callee = stripWrappers(node.expression);
    const first = node.arguments[0];
    const isGetter = ts.isPropertyAccessExpression(callee) && CONFIG_GETTERS.has(callee.name.text) && CONFIG_RECEIVER.test(callee.expression.getText());
    return isGetter && first && ts.isStringLiteralLike(first) ? first.text : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && CONFIG_RECEIVER.test(node.expression.getText().split('.')[0] ?? '')) return node.name.text;
  return undefined;
}

/**
 * Is the token a sign call makes sent by e-mail: handed (itself, or in a string or object built from it) to a
 * function whose name says it mails (`sendEmailToResetPassword(user, token)`, `mailer.sendMail({ html })`)? A
 * mailed token is a link's token, not a session's: the names around such a call name its class reliably.
 */
export function isMailed(call: ts.Node): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  if (reachesMailCall(node)) return true;
  const holder = node.parent;
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return false;
  const name = holder.name.text;
  let scope: ts.Node = holder;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  let mailed = false;
  const visit = (current: ts.Node): void => {
    if (mailed) return;
    if (ts.isIdentifier(current) && current.text === name && current !== holder.name && reachesMailCall(current)) mailed = true;
    else current.forEachChild(visit);
  };
  visit(scope);
  return mailed;
}

/** Does the value at `node` become (part of) an argument of a mailing call? */
function reachesMailCall(node: ts.Node): boolean {
  let current = node;
  for (let steps = 0; steps < 6; steps += 1) {
    const parent = current.parent;
    if (!parent) return false;
    if (ts.isCallExpression(parent)) {
      if (!parent.arguments.includes(current as ts.Expression)) return false;
      const callee = stripWrappers(parent.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      return name !== undefined && claimWords(name).some((word) => MAIL_DELIVERY_WORDS.has(word));
    }
    // `${url}?token=${token}`, `{ html: link }`, `base + token`: a message built from the token
    const builds =
      ts.isTemplateSpan(parent) ||
      ts.isTemplateExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      ts.isObjectLiteralExpression(parent) ||
      (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent);
    if (!builds) return false;
    current = parent;
  }
  return false;
}
