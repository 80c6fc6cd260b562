import { DOCUMENTATION_EXAMPLE_NAMES, defineRule, redactSecret, stripWrappers, syntax } from '../src/engine/ruleApi.js';

/** Three base64url segments separated by dots, not part of a longer dotted run (JWE has five). */
const CANDIDATE = /(?<![A-Za-z0-9_.-])([A-Za-z0-9_-]{10,})\.([A-Za-z0-9_-]{2,})\.([A-Za-z0-9_-]*)(?![A-Za-z0-9_.-])/g;
/** A signature shorter than this is a placeholder ("sig", "xxx"), not a signed token. */
const MIN_SIGNATURE = 16;

function decodeSegment(segment: string): string | undefined {
  if (segment.length % 4 === 1) return undefined; // not valid base64
  return Buffer.from(segment, 'base64url').toString('utf8');
}

function jsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: not a JWT header or claims set
  }
}

interface CommittedToken {
  text: string;
  alg: string;
  claims: Record<string, unknown> | undefined;
}

/** The JWTs inside a literal's text: header decodes to a JSON object with a string `alg`. */
function committedTokens(text: string): CommittedToken[] {
  const found: CommittedToken[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const header = jsonObject(decodeSegment(match[1]));
    if (!header || typeof header.alg !== 'string' || header.alg.length === 0) continue;
    const alg = header.alg;
    const unsigned = alg.toLowerCase() === 'none';
    if (!unsigned && match[3].length < MIN_SIGNATURE) continue;
    if (match[3].length % 4 === 1) continue;
    const payload = decodeSegment(match[2]);
    if (payload === undefined) continue;
    found.push({ text: match[0], alg, claims: jsonObject(payload) });
  }
  return found;
}

function expiryOf(claims: Record<string, unknown> | undefined): string {
  if (!claims) return 'payload is not a claims set';
  const exp = claims.exp;
  if (exp === undefined) return 'no expiry: valid until the key is rotated';
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'unreadable `exp` claim';
  const date = new Date(exp * 1000);
  if (Number.isNaN(date.getTime())) return 'unreadable `exp` claim';
  return `\`exp\` ${date.toISOString().slice(0, 10)}`;
}

/** Has every token expired (an `exp` before now)? */
const allExpired = (tokens: readonly CommittedToken[]): boolean => tokens.every((token) => typeof token.claims?.exp === 'number' && token.claims.exp * 1000 < Date.now());

/** `Joi.string().example('eyJ…')`, `{ example: 'eyJ…' }` of an API schema: a literal that documents, not one that is used. */
function documentsSchema(node: syntax.Node): boolean {
  const parent = node.parent;
  if (syntax.isPropertyAssignment(parent) && parent.initializer === node) return syntax.isIdentifier(parent.name) && DOCUMENTATION_EXAMPLE_NAMES.has(parent.name.text);
  if (!syntax.isCallExpression(parent) || !parent.arguments.some((argument) => argument === node)) return false;
  const callee = stripWrappers(parent.expression);
  return syntax.isPropertyAccessExpression(callee) && DOCUMENTATION_EXAMPLE_NAMES.has(callee.name.text);
}

export default defineRule({
  meta: {
    id: 'hardcoded-token',
    title: 'JWT committed in source code',
    description: 'A string literal holds a complete JSON Web Token.',
    rationale:
      'A token in the repository is a credential anyone with read access can replay until it expires, and many committed tokens never do ' +
      '(no `exp` claim). It also reveals the claims, the algorithm and often the issuer, and a token signed with a weak secret can be ' +
      'brute-forced offline to recover the key. Tests are excluded by default; this rule reports tokens in application code, configuration ' +
      'and scripts.',
    remediation:
      'Remove the token and revoke it (rotate the signing key if it cannot be revoked). Obtain tokens at run time from the identity ' +
      'provider or read them from the environment (`const token = process.env.SERVICE_TOKEN`), and keep sample tokens in tests or ' +
      'documentation only, ideally unsigned and already expired. An expired token given as the example of an API schema (Joi ' +
      "`.example('eyJ…')`, an OpenAPI or Swagger `example:`) is such documentation and is not reported; one that has not expired is.",
    level: 'error',
    precision: 'high',
    securitySeverity: 7.5,
    cwe: [798, 522],
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.11'],
    messages: {
      token: 'Committed JWT {{value}} (alg {{alg}}, {{expiry}}): revoke it and obtain tokens at run time instead of storing them in code.',
    },
    examples: {
      bad: {
        code:
          "export async function listInvoices() {\n  const response = await fetch('https://billing.example.com/invoices', {\n" +
          "    headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiaWxsaW5nLXN5bmMiLCJzY29wZSI6Imludm9pY2VzOnJlYWQifQ.qQ3p3m1fN8Jc9Xv4WmR0bT7yKz2LhE5sA6dG1uP9oYc' },\n" +
          '  });\n  return response.json();\n}\n',
      },
      good: {
        code:
          "export async function listInvoices() {\n  const token = process.env.BILLING_TOKEN;\n  if (!token) throw new Error('BILLING_TOKEN is not set');\n" +
          "  const response = await fetch('https://billing.example.com/invoices', { headers: { Authorization: `Bearer ${token}` } });\n  return response.json();\n}\n",
      },
    },
  },
  create(context) {
    return {
      stringLiteral(node) {
        const tokens = committedTokens(node.text);
        // an expired sample token documenting a schema is what the remediation asks documentation to hold
        if (tokens.length === 0 || (documentsSchema(node) && allExpired(tokens))) return;
        const first = tokens[0];
        context.report({
          at: node,
          messageId: 'token',
          data: { value: `'${redactSecret(first.text)}'`, alg: first.alg.slice(0, 20), expiry: expiryOf(first.claims) },
          secrets: tokens.map((token) => token.text),
        });
      },
    };
  },
});
