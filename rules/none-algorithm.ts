import { defineRule, type JwtOperation, type OptionFact, type Value } from '../src/engine/ruleApi.js';

/** String values an algorithm option holds: the list's elements, or the single name itself. */
function algorithmNames(value: Value): { text: string; node: Value['node'] }[] {
  if (value.kind === 'string') return [{ text: value.value, node: value.node }];
  if (value.kind === 'array') return value.elements.flatMap((element) => (element.kind === 'string' ? [{ text: element.value, node: element.node }] : []));
  return [];
}

export default defineRule({
  meta: {
    id: 'none-algorithm',
    title: "Unsigned JWTs ('none' algorithm) accepted or issued",
    description: "A verification allowlist accepts the `none` algorithm, or a token is signed with `none` (an unsigned JWT).",
    rationale:
      'A JWT with `"alg": "none"` carries no signature: anyone can write one with any claims. Accepting `none` when verifying lets a ' +
      'client forge every token; issuing unsigned tokens means the server cannot later tell its own tokens from forged ones. ' +
      'RFC 8725 requires libraries and applications to reject `none` unless the token is protected by other means.',
    remediation:
      "Remove `'none'` from every allowlist and list the algorithms your issuer signs with: " +
      "`jwt.verify(token, key, { algorithms: ['RS256'] })`. Sign with a real algorithm and key: " +
      "`jwt.sign(payload, privateKey, { algorithm: 'RS256', expiresIn: '15m' })` or " +
      "`new SignJWT(payload).setProtectedHeader({ alg: 'ES256' }).sign(privateKey)` instead of an unsecured JWT.",
    level: 'error',
    precision: 'very-high',
    securitySeverity: 9.1,
    cwe: [347, 327],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.2',
      'https://datatracker.ietf.org/doc/html/rfc7518#section-3.6',
      'https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/',
    ],
    messages: {
      verifyAcceptsNone: "{{api}} accepts the unsigned algorithm '{{name}}': anyone can forge a token it verifies. List only the algorithms your issuer signs with.",
      acceptsUnsigned: "{{api}} accepts unsigned tokens (algorithm '{{name}}'): their claims can be written by anyone. Verify a signed token instead.",
      signWithNone: "{{api}} issues an unsigned token (algorithm '{{name}}'): sign with a real algorithm and key.",
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256', 'none'] });\n}\n" },
      good: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n}\n" },
    },
  },
  create(context) {
    const check = (operation: JwtOperation, fact: OptionFact, messageId: 'verifyAcceptsNone' | 'acceptsUnsigned' | 'signWithNone') => {
      if (fact.state !== 'present') return;
      for (const name of algorithmNames(fact.value)) {
        if (name.text.trim().toLowerCase() !== 'none') continue;
        context.report({
          at: name.node,
          messageId,
          data: { api: operation.api, name: name.text },
          related: name.node === operation.node ? [] : [{ at: operation.node, message: `${operation.kind === 'sign' ? 'signed' : 'verified'} by ${operation.api}` }],
        });
      }
    };
    /** An operation that accepts unsigned tokens by default (the model's default allowlist names 'none'). */
    const checkDefault = (operation: JwtOperation) => {
      const defaults = operation.model.defaults?.algorithms;
      if (!Array.isArray(defaults) || operation.option('algorithms').state !== 'absent') return;
      const none = defaults.find((name): name is string => typeof name === 'string' && name.toLowerCase() === 'none');
      if (none !== undefined) context.report({ at: operation.node, messageId: 'acceptsUnsigned', data: { api: operation.api, name: none } });
    };
    return {
      verify(operation) {
        check(operation, operation.option('algorithms'), 'verifyAcceptsNone');
        check(operation, operation.option('algorithm'), 'verifyAcceptsNone');
        checkDefault(operation);
      },
      decode(operation) {
        checkDefault(operation);
      },
      sign(operation) {
        check(operation, operation.option('algorithm'), 'signWithNone');
      },
    };
  },
});
