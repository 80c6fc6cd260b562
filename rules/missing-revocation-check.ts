import {
  accessName,
  defineRule,
  enclosingFunction,
  functionName,
  holderOf,
  stripWrappers,
  syntax,
  tokenClassOfName,
  verifiesWithRandomKey,
  type JwtOperation,
  type RuleContext,
} from '../src/engine/ruleApi.js';

const NO_EXTRA_CLASS_WORDS = new Map<string, string[]>();

/** The name a token is read by: `refreshToken`, `req.body.refresh_token`, `req.cookies['refresh-token']`. */
function readName(expression: syntax.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (syntax.isElementAccessExpression(node) && syntax.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return accessName(node);
}

/** Names bound by a declaration or parameter: `payload`, `{ sub, jti }`. */
function boundNames(name: syntax.BindingName, into: Set<string>): void {
  if (syntax.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!syntax.isOmittedExpression(element)) boundNames(element.name, into);
}

/**
 * Does the subtree read one of the names (not as a property name: `{ refreshToken: next }`, `body.refreshToken`), outside
 * the JWT calls in it (`res.json({ accessToken: jwt.sign({ sub: payload.sub }, ...) })` signs, it looks nothing up)?
 */
function mentions(node: syntax.Node, names: ReadonlySet<string>, isJwtCall: (node: syntax.Node) => boolean): boolean {
  if (isJwtCall(node)) return false;
  if (syntax.isIdentifier(node) && names.has(node.text)) {
    const parent = node.parent;
    const propertyName = (syntax.isPropertyAssignment(parent) || syntax.isPropertyAccessExpression(parent)) && parent.name === node;
    if (!propertyName) return true;
  }
  let found = false;
  node.forEachChild((child) => {
    found ||= mentions(child, names, isJwtCall);
  });
  return found;
}

/** Does any node of the subtree (nested functions included: callbacks run there too) satisfy the test? */
function someNode(root: syntax.Node, test: (node: syntax.Node) => boolean): boolean {
  if (test(root)) return true;
  let found = false;
  root.forEachChild((child) => {
    found ||= someNode(child, test);
  });
  return found;
}

/**
 * The file's token calls: `jwt` for every JWT operation and call of a function of the file that signs
 * (`issueTokens(user)`), `signing` for those that issue tokens.
 */
function tokenCalls(context: RuleContext): { jwt: (node: syntax.Node) => boolean; signing: (node: syntax.Node) => boolean } {
  const signers = new Set(context.operations.flatMap((sign) => (sign.kind === 'sign' ? (functionName(enclosingFunction(sign.node) ?? sign.node) ?? []) : [])));
  const callsSigner = (call: syntax.CallExpression) => {
    const callee = stripWrappers(call.expression);
    return syntax.isIdentifier(callee) && signers.has(callee.text);
  };
  return {
    jwt: (node) => syntax.isCallExpression(node) && (context.operationsAt(node).length > 0 || callsSigner(node)),
    signing: (node) =>
      ((syntax.isCallExpression(node) || syntax.isNewExpression(node)) && context.operationsAt(node).some((operation) => operation.kind === 'sign')) ||
      (syntax.isCallExpression(node) && callsSigner(node)),
  };
}

/**
 * A refresh exchange that cannot be revoked: the request's refresh token is verified and new tokens are signed in the
 * same function, and no other call there is given the token or what its verification returned (no lookup in a store,
 * no rotation record, no token version compared with the user's).
 */
function unrevocableExchange(context: RuleContext, operation: JwtOperation): boolean {
  const token = operation.token;
  const name = token ? readName(token) : undefined;
  if (!token || !name || tokenClassOfName(name, NO_EXTRA_CLASS_WORDS) !== 'refresh' || !context.requestOrigin(token)) return false;
  const fn = enclosingFunction(operation.node);
  if (!fn) return false;
  const calls = tokenCalls(context);
  if (!someNode(fn, calls.signing)) return false;
  const isJwtCall = calls.jwt;
  const tracked = new Set<string>();
  const root = stripWrappers(token);
  if (syntax.isIdentifier(root)) tracked.add(root.text);
  const holder = holderOf(operation.node).holder.parent;
  if (syntax.isVariableDeclaration(holder)) boundNames(holder.name, tracked);
  const callback = operation.callback && stripWrappers(operation.callback);
  if (callback && (syntax.isArrowFunction(callback) || syntax.isFunctionExpression(callback))) for (const parameter of callback.parameters) boundNames(parameter.name, tracked);
  let lookup = false;
  const visit = (node: syntax.Node): void => {
    // what a token call is given is token material, not a lookup (`sign(String(payload.sub))`); the verification's
    // own callback is where its result is used
    if (lookup) return;
    if (node === operation.node && callback) return visit(callback);
    if (isJwtCall(node)) return;
    if (syntax.isCallExpression(node) && node.arguments.some((argument) => mentions(argument, tracked, isJwtCall))) {
      lookup = true;
      return;
    }
    node.forEachChild(visit);
  };
  visit(fn);
  return !lookup;
}

export default defineRule({
  meta: {
    id: 'missing-revocation-check',
    title: 'Authentication middleware without a revocation check',
    description:
      'JWT authentication middleware is configured without a revocation hook (`isRevoked`; for a framework plugin, its registration option such as `trusted`), ' +
      "or a request's token is verified without the revocation check its library offers (firebase-admin `verifyIdToken(token, checkRevoked)`), " +
      "so a token stays valid until it expires even after logout or compromise; or a refresh endpoint exchanges the request's refresh " +
      'token (read under a refresh name: `req.body.refreshToken`, `req.cookies.refresh_token`) for new tokens, signed in the same ' +
      'function or by a function of the file, while no other call there is given the token or what its verification returned ' +
      '(no store lookup, rotation record or token version): reported as a warning.',
    rationale:
      'Middleware that only checks the signature and expiry cannot take a token back: after a logout, a password change, a role change or a ' +
      'leak, the token keeps working for its whole lifetime. An `isRevoked` hook lets the server reject tokens by id (`jti`), by user or by ' +
      'issue time.',
    remediation:
      "Pass an `isRevoked` hook that looks the token up in a deny list or compares its `iat` with the user's last logout, e.g. " +
      "`expressjwt({ secret, algorithms: ['RS256'], isRevoked: async (req, token) => denylist.has(token?.payload.jti) })`. " +
      'For a framework plugin, give the hook in its registration options (e.g. `trusted: (request, decoded) => !denylist.has(decoded.payload.jti)`). ' +
      "Where the library checks revocation itself, turn it on where the request's token is verified (firebase-admin " +
      '`await getAuth().verifyIdToken(token, true)`, `verifySessionCookie(cookie, true)`). A plain verification call without such an ' +
      "option (jsonwebtoken, jose) is not reported, except in such a refresh exchange: the calling code checks revocation. A token counts as the request's when the " +
      'function that verifies it reads it from the request. ' +
      "Keep token lifetimes short when revocation is not possible. Middleware given a random key (`secret: '' + Math.random()`, " +
      '`randomBytes(32)`) accepts no token at all, a deny-all guard, and is not reported.',
    level: 'note',
    precision: 'high',
    securitySeverity: 3.7,
    cwe: [613],
    references: [
      'https://github.com/auth0/express-jwt#revoked-tokens',
      'https://github.com/koajs/jwt#token-verification-exceptions',
      'https://firebase.google.com/docs/auth/admin/manage-sessions#detect_id_token_revocation',
      'https://cwe.mitre.org/data/definitions/613.html',
    ],
    messages: {
      missing: '{{api}} authenticates requests without `{{option}}`: revoked tokens are accepted until they expire. Add a revocation check.',
      refreshExchange:
        "{{api}} exchanges the request's refresh token for new tokens without looking it up: a stolen or logged-out refresh token keeps " +
        'working until it expires. Store refresh tokens (or their `jti`), check them on use and rotate them.',
    },
    examples: {
      bad: {
        code: "import { expressjwt } from 'express-jwt';\n\nexport const auth = expressjwt({ secret: process.env.JWT_PUBLIC_KEY!, algorithms: ['RS256'], issuer: 'https://auth.example.com/' });\n",
      },
      good: {
        code:
          "import { expressjwt } from 'express-jwt';\n\nconst revoked = new Set<string>();\n\n" +
          "export const auth = expressjwt({\n  secret: process.env.JWT_PUBLIC_KEY!,\n  algorithms: ['RS256'],\n  issuer: 'https://auth.example.com/',\n" +
          '  isRevoked: async (_req, token) => revoked.has(String(token?.payload.jti)),\n});\n',
      },
    },
  },
  create(context) {
    return {
      verify(operation) {
        if (unrevocableExchange(context, operation)) {
          context.report({ at: operation.node, level: 'warning', messageId: 'refreshExchange', data: { api: operation.api } });
          return;
        }
        const where = operation.optionLocation('isRevoked');
        if (!where) return;
        // middleware authenticates requests; so does a verification of a token read from the request (firebase-admin)
        if (!operation.isMiddleware && !(operation.token && context.requestOrigin(operation.token))) return;
        // a random key accepts no token: there is nothing to revoke
        if (verifiesWithRandomKey(operation, context.resolve)) return;
        const isRevoked = operation.option('isRevoked');
        const missing =
          isRevoked.state === 'absent' ||
          (isRevoked.state === 'present' && (isRevoked.value.kind === 'undefined' || isRevoked.value.kind === 'null' || (isRevoked.value.kind === 'boolean' && !isRevoked.value.value)));
        if (!missing) return;
        const option = (where.path ?? where.moduleDefault ?? [where.name ?? 'isRevoked']).join('.');
        // A hook that belongs to a module registration is missing there: one finding per registration.
        const registration = isRevoked.registration;
        if (registration) {
          context.report({ at: registration, messageId: 'missing', data: { api: operation.api, option }, related: [{ at: operation.node, message: `verified by ${operation.api} here` }] });
        } else {
          context.report({ at: operation.node, messageId: 'missing', data: { api: operation.api, option } });
        }
      },
    };
  },
});
