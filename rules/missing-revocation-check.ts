import { defineRule, verifiesWithRandomKey } from '../src/engine/ruleApi.js';

export default defineRule({
  meta: {
    id: 'missing-revocation-check',
    title: 'Authentication middleware without a revocation check',
    description:
      'JWT authentication middleware is configured without a revocation hook (`isRevoked`; for a framework plugin, its registration option such as `trusted`), ' +
      "or a request's token is verified without the revocation check its library offers (firebase-admin `verifyIdToken(token, checkRevoked)`), " +
      'so a token stays valid until it expires even after logout or compromise.',
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
      "option (jsonwebtoken, jose) is not reported: the calling code checks revocation. A token counts as the request's when the " +
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
