import { defineRule, findDeclaration, namesAuthToken, stripWrappers, ts, type RuleContext, type TokenOrigin, type TokenSink } from '../src/engine/ruleApi.js';

const DESCRIBE: Record<TokenOrigin['kind'], string> = {
  request: 'A bearer token from the request',
  signed: 'A signed JWT',
  'auth-response': 'A token from an auth response',
  storage: 'A token read from web storage',
  'outgoing-request': 'The bearer token of an outgoing request',
};

/**
 * Words that make a query parameter name an access credential on its own (`access_token`, `jwt`, `id_token`, `authToken`).
 * A bare `token` parameter is also used for one-time links (email confirmation), so it counts only when the value is
 * verified or decoded as a JWT.
 */
const CREDENTIAL_WORDS = new Set(['access', 'id', 'auth', 'jwt', 'bearer', 'refresh', 'session', 'api']);

function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function namesCredential(name: string): boolean {
  return namesAuthToken(name) && words(name).some((word) => CREDENTIAL_WORDS.has(word));
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.getSourceFile() === inner.getSourceFile() && outer.getStart() <= inner.getStart() && inner.getEnd() <= outer.getEnd();
}

/**
 * Is the value read by this sink the token of a JWT verification in the file? (Decoding without verification is
 * decode-without-verify's finding; a decoded query token is not reported here.)
 */
function usedAsJwt(sink: TokenSink, context: RuleContext): ts.Node | undefined {
  for (const operation of context.operations) {
    if (operation.kind !== 'verify' || !operation.token) continue;
    const token = stripWrappers(operation.token);
    if (contains(token, sink.node)) return operation.node;
    if (sink.binding) {
      let identifier: ts.Node = token;
      // String(t), t.trim(), `${t}` keep the value
      if (ts.isCallExpression(identifier) && identifier.arguments.length === 1) identifier = stripWrappers(identifier.arguments[0]);
      if (ts.isIdentifier(identifier)) {
        const declaration = findDeclaration(identifier.text, identifier);
        if (declaration?.kind === 'variable' && declaration.node === sink.binding) return operation.node;
      }
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'token-in-url',
    title: 'Token in a URL',
    description:
      'A JWT or bearer token is placed in the query string or fragment of a URL (template, concatenation, `URLSearchParams`, ' +
      '`searchParams.set`, redirect), or a server accepts its token from the query string (`req.query.access_token`, ' +
      'passport-jwt `ExtractJwt.fromUrlQueryParameter`).',
    rationale:
      'URLs are written to server and proxy access logs, browser history, bookmarks and analytics, and leak to other sites in the ' +
      '`Referer` header. A token in a URL can be replayed by anyone who reads any of them until it expires. A server that accepts ' +
      'tokens from the query string invites clients to put them there.',
    remediation:
      'Send tokens in the `Authorization: Bearer` header, or in an HttpOnly cookie, and read them from there:\n\n' +
      '```ts\nawait fetch(`${API}/report`, { headers: { Authorization: `Bearer ${token}` } });\n```\n\n' +
      'For links that must carry a credential (email confirmation, downloads), issue a separate single-use, short-lived code and ' +
      'exchange it server-side. For passport-jwt use `ExtractJwt.fromAuthHeaderAsBearerToken()`.',
    level: 'warning',
    precision: 'high',
    securitySeverity: 5.3,
    cwe: [598],
    references: [
      'https://cwe.mitre.org/data/definitions/598.html',
      'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3',
      'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url',
    ],
    messages: {
      inUrl: '{{what}} is placed in the {{part}} of a URL{{parameter}} by {{api}}, where logs, history and Referer headers keep it: send it in the Authorization header.',
      acceptedByLibrary: 'The token is accepted from the query string parameter {{parameter}} ({{api}}): read it from the Authorization header instead.',
      acceptedByRead: 'The token is read from the query string ({{api}}){{use}}: accept it from the Authorization header instead.',
    },
    examples: {
      bad: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function sso(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '5m' });\n" +
          "  res.redirect(`https://app.example.com/callback?token=${token}`);\n}\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function sso(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '5m' });\n" +
          "  res.cookie('sso', token, { httpOnly: true, secure: true, sameSite: 'lax' });\n" +
          "  res.redirect(`https://app.example.com/callback?page=${encodeURIComponent(req.query.page)}`);\n}\n",
      },
    },
  },
  create(context) {
    return {
      tokenSink(sink) {
        if (sink.kind === 'url') {
          const value = sink.values[0];
          const origin = value && context.tokenOrigin(value);
          if (!origin) return;
          context.report({
            at: sink.node,
            messageId: 'inUrl',
            data: { what: DESCRIBE[origin.kind], part: sink.urlPart === 'fragment' ? 'fragment' : 'query string', parameter: sink.key ? ` as '${sink.key}'` : '', api: sink.api },
          });
          return;
        }
        if (sink.kind !== 'request-param') return;
        if (sink.acceptedBy === 'library') {
          context.report({ at: sink.node, messageId: 'acceptedByLibrary', data: { parameter: sink.key !== undefined ? `'${sink.key}'` : '(computed)', api: sink.api } });
          return;
        }
        if (sink.key === undefined || !namesAuthToken(sink.key)) return;
        const verification = usedAsJwt(sink, context);
        if (!verification && !namesCredential(sink.key)) return;
        context.report({
          at: sink.node,
          messageId: 'acceptedByRead',
          data: { api: sink.api, use: verification ? ' and verified as a JWT' : '' },
          related: verification ? [{ at: verification, message: 'verified here' }] : [],
        });
      },
    };
  },
});
