import { defineRule, headerKeyUses, stripWrappers, syntax, type FlowStepDescriptor, type HeaderKeyUse } from '../src/engine/ruleApi.js';

const WHAT: Record<string, string> = {
  file: 'builds the path of a file that is read',
  sql: 'is written into SQL text',
  url: 'is the URL (or part of the URL) that is fetched',
  key: 'supplies the verification key itself',
};

/**
 * The path of the header field to its use, when it passes variables or functions on the way: the read, each
 * variable or call it goes through, the use. Undefined when it is read on the line where it is used.
 */
function headerPath(use: HeaderKeyUse): FlowStepDescriptor[] | undefined {
  const lineOf = (node: syntax.Node) => `${node.getSourceFile().fileName}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line}`;
  if (use.via.length === 0 || [use.source, ...use.via].every((node) => lineOf(node) === lineOf(use.at))) return undefined;
  const through = [...use.via].reverse().map((node) => {
    const call = syntax.isCallExpression(node) || syntax.isNewExpression(node) ? node : undefined;
    const name = call ? `${stripWrappers(call.expression).getText().replace(/\s+/g, '').slice(0, 40)}()` : node.getText().slice(0, 40);
    return { at: node, message: call ? `through \`${name}\`` : `held in \`${name}\`` };
  });
  return [{ at: use.source, message: `header field \`${use.field}\` of the unverified token` }, ...through, { at: use.at, message: WHAT[use.kind] ?? 'selects the key' }];
}

export default defineRule({
  meta: {
    id: 'header-driven-key-lookup',
    title: 'Verification key chosen by an unchecked token header field',
    description:
      "A field of the token's own header (`kid`, `jku`, `x5u`, `jwk`, `x5c`) is used unchecked to build a file path, SQL text or a URL to fetch, or to supply the key that verifies the token.",
    rationale:
      'The header of an unverified token is written by whoever sent it. When it picks the key, the attacker picks the key: a `kid` of ' +
      '`../../dev/null` reads an empty file as the HMAC secret, a `kid` with a quote injects SQL that returns a key of their choice, a `jku` or ' +
      "`x5u` makes the server fetch the attacker's key set (and request internal URLs), and an embedded `jwk` or `x5c` verifies the token " +
      "with the attacker's own key.",
    remediation:
      'Select keys only from a set the server trusts: look the `kid` up in an in-memory map (`const key = keys[kid]`), use a JWKS client for a ' +
      'fixed issuer (`jwksClient({ jwksUri: ISSUER_JWKS }).getSigningKey(kid)` or `createRemoteJWKSet(new URL(ISSUER_JWKS))`), bind SQL ' +
      "parameters (`db.query('SELECT key FROM keys WHERE kid = $1', [kid])`), and check the value against an allowlist or a strict pattern " +
      'before any other use. Never fetch `jku`/`x5u` URLs or trust `jwk`/`x5c` keys embedded in the token.\n\n' +
      "A verification that accepts only proof-of-possession tokens (`jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' })`, RFC 9449 DPoP) is " +
      'not reported: a proof is signed by the key it carries by design, and the server binds that key to the access token by its ' +
      'thumbprint (`cnf.jkt`). The same embedded key for any other `typ` is reported.',
    level: 'error',
    precision: 'high',
    securitySeverity: 8.8,
    cwe: [347, 22, 89, 918],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.10',
      'https://portswigger.net/web-security/jwt#injecting-self-signed-jwts-via-the-jwk-parameter',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    ],
    messages: {
      headerLookup: "The token header field `{{field}}` {{what}} in {{api}} without a check: the token's sender chooses the key. Look keys up in a trusted set instead.",
    },
    examples: {
      bad: {
        code:
          "import fs from 'node:fs';\nimport path from 'node:path';\nimport jwt from 'jsonwebtoken';\n\n" +
          'export function readUser(token: string) {\n  const decoded = jwt.decode(token, { complete: true });\n' +
          "  const key = fs.readFileSync(path.join('/etc/keys', decoded!.header.kid!));\n" +
          "  return jwt.verify(token, key, { algorithms: ['RS256'], issuer: 'https://auth.example.com' });\n}\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nconst KEYS: Record<string, string> = { main: process.env.JWT_PUBLIC_KEY! };\n\n" +
          'export function readUser(token: string) {\n  const decoded = jwt.decode(token, { complete: true });\n' +
          "  const key = KEYS[decoded!.header.kid!];\n  if (!key) throw new Error('unknown key');\n" +
          "  return jwt.verify(token, key, { algorithms: ['RS256'], issuer: 'https://auth.example.com' });\n}\n",
      },
    },
  },
  create(context) {
    return {
      endFile() {
        if (context.operations.length === 0) return;
        for (const use of headerKeyUses(context, context.file.sourceFile)) {
          if (use.validated) continue;
          context.report({
            at: use.at,
            messageId: 'headerLookup',
            data: { field: use.field, what: WHAT[use.kind] ?? 'selects the key', api: `\`${use.api}\`` },
            related: use.source !== use.at ? [{ at: use.source, message: `header field \`${use.field}\` read here` }] : undefined,
            steps: headerPath(use),
          });
        }
      },
    };
  },
});
