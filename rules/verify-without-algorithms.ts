import { defineRule } from '../src/engine/ruleApi.js';

export default defineRule({
  meta: {
    id: 'verify-without-algorithms',
    title: 'JWT verification without an algorithm allowlist',
    description: 'A token is verified without pinning the signature algorithms the server accepts.',
    rationale:
      'Without an explicit allowlist the library decides which algorithms to accept from the key type or the token header. ' +
      'That is what algorithm-confusion attacks exploit: a token signed with HS256 using the public RSA key as the HMAC secret, ' +
      'or an unsigned `none` token on older library versions.',
    remediation:
      'Pass the exact algorithms your issuer uses, e.g. `jwt.verify(token, publicKey, { algorithms: [\'RS256\'] })` or ' +
      '`jwtVerify(token, key, { algorithms: [\'ES256\'] })`. Keep the list as short as possible and never mix HMAC with asymmetric algorithms.',
    level: 'error',
    precision: 'high',
    securitySeverity: 7.5,
    cwe: [347, 327],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    ],
    messages: {
      missing: '{{api}} verifies a token without an algorithm allowlist: pass `{{option}}` with the exact algorithms your issuer uses.',
      fromHeader:
        '{{api}} is called without its algorithm argument: the library then takes the algorithm from the token header, so the token picks how it is checked. ' +
        'Pass the expected algorithm explicitly (upgrade the library if its version still accepts this form).',
      empty: '{{api}} is given an empty algorithm allowlist, which lets the library derive the algorithm: list the exact algorithms.',
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey);\n}\n" },
      good: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });\n}\n" },
    },
  },
  create(context) {
    return {
      verify(operation) {
        if (operation.model.requiresAlgorithms || !operation.model.options?.algorithms) return;
        const algorithms = operation.option('algorithms');
        const location = operation.model.options.algorithms;
        const option = (location.path ?? ['algorithms']).join('.');
        if (algorithms.state === 'absent') {
          // a positional algorithm argument left out: the library falls back to the header's `alg`
          if (location.single && !location.path?.length && location.arg !== undefined && location.method === undefined) {
            context.report({ at: operation.node, messageId: 'fromHeader', data: { api: operation.api } });
          } else context.report({ at: operation.node, messageId: 'missing', data: { api: operation.api, option } });
        } else if (algorithms.state === 'present' && algorithms.value.kind === 'array' && !algorithms.value.open && algorithms.value.elements.length === 0) {
          context.report({ at: operation.node, messageId: 'empty', data: { api: operation.api } });
        }
      },
    };
  },
});
