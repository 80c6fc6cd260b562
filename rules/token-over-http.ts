import { defineRule, describeTokenOrigin, findDeclaration, originSteps, stripWrappers, syntax, type FlowStepDescriptor, type RuleContext, type TokenSink } from '../src/engine/ruleApi.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1', '0.0.0.0']);
const BEARER_SCHEME = /^\s*bearer\s+$/i;

/** Host of an `http://` URL, or undefined when it is not plain HTTP or the host is not fully known. */
function plainHttpHost(text: string, complete: boolean): string | undefined {
  const match = /^http:\/\/([^/?#]*)([/?#]|$)/i.exec(text);
  if (!match) return undefined;
  if (!complete && match[2] === '') return undefined;
  let host = match[1].toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (!host.startsWith('[')) host = host.replace(/:\d*$/, '');
  else host = host.replace(/\]:\d*$/, ']');
  return host || undefined;
}

function isLoopback(host: string): boolean {
  if (LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost')) return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The header carries a bearer token: a value traced to a token, or the `Bearer` scheme followed by a non-literal value. */
function carriesToken(sink: TokenSink, context: RuleContext): { what: string; steps?: FlowStepDescriptor[] } | undefined {
  for (const value of sink.values) {
    const origin = context.tokenOrigin(value);
    if (origin) return { what: describeTokenOrigin(origin.kind), steps: originSteps(origin, { at: sink.node, message: `sent over plain HTTP by ${sink.api}` }) };
    if (sink.key?.toLowerCase() !== 'authorization') continue;
    let node = stripWrappers(value);
    // const auth = `Bearer ${t}`; ... headers: { Authorization: auth }
    if (syntax.isIdentifier(node)) {
      const declaration = findDeclaration(node.text, node);
      if (declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.isConst && declaration.node.initializer) node = stripWrappers(declaration.node.initializer);
    }
    if (syntax.isTemplateExpression(node) && BEARER_SCHEME.test(node.head.text) && node.templateSpans.length > 0) return { what: 'A bearer token' };
    if (syntax.isBinaryExpression(node) && node.operatorToken.kind === syntax.SyntaxKind.PlusToken && syntax.isStringLiteralLike(node.left) && BEARER_SCHEME.test(node.left.text)) {
      const right = context.resolve(node.right);
      if (right.kind !== 'string') return { what: 'A bearer token' };
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'token-over-http',
    title: 'Token sent over plain HTTP',
    description:
      'A JWT or bearer token is sent in an `Authorization` (or similar) header to a literal `http://` URL that is not loopback ' +
      '(fetch, axios and axios instances, got, ky, node `http.request`), also in the headers a project helper returns ' +
      "(`headers: authHeader()` with `authHeader()` reading `JSON.parse(localStorage.getItem('user')).accessToken`). URL constants are resolved across files; relative and " +
      '`https://` URLs, and URLs the analysis cannot resolve, are not reported. Verification keys fetched from a plain `http://` ' +
      "JWKS URL (jwks-rsa `jwksUri`, jose `createRemoteJWKSet`, an issuer's `jwksUri`) are reported too: whoever can change the keys " +
      'in transit can sign tokens the server accepts.',
    rationale:
      'Everything sent over plain HTTP can be read and modified by anyone on the network path: Wi-Fi neighbours, proxies, other ' +
      'tenants of a cloud network. A bearer token is all an attacker needs to act as the user (or the service) until it expires.',
    remediation:
      'Use `https://` for every request that carries a token, including calls between internal services (or a service mesh with ' +
      'mTLS). Keep the base URL in configuration and reject `http://` values at start-up:\n\n' +
      "```ts\nconst api = axios.create({ baseURL: 'https://api.example.com', headers: { Authorization: `Bearer ${token}` } });\n```",
    level: 'error',
    precision: 'high',
    securitySeverity: 7.5,
    cwe: [319, 523],
    references: [
      'https://cwe.mitre.org/data/definitions/319.html',
      'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3',
      'https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html',
    ],
    messages: {
      plaintext: '{{what}} is sent in the {{header}} header over plain HTTP to {{host}} by {{api}}: use an https:// URL.',
      keysOverHttp: 'Verification keys are fetched over plain HTTP from {{host}} by {{api}}: anyone on the network path can serve their own keys and forge tokens. Use an https:// JWKS URL.',
    },
    options: {
      allowedHosts: {
        type: 'string[]',
        default: [],
        description: 'Extra host names (besides loopback) that may receive tokens over plain HTTP, e.g. a sidecar reached only on the pod network.',
      },
    },
    examples: {
      bad: {
        code:
          'export async function loadProfile(token: string) {\n' +
          "  const res = await fetch('http://api.example.com/me', { headers: { Authorization: `Bearer ${token}` } });\n" +
          '  return res.json();\n}\n',
      },
      good: {
        code:
          'export async function loadProfile(token: string) {\n' +
          "  const res = await fetch('https://api.example.com/me', { headers: { Authorization: `Bearer ${token}` } });\n" +
          '  return res.json();\n}\n',
      },
    },
  },
  create(context) {
    const allowed = new Set(((context.options.allowedHosts as string[] | undefined) ?? []).map((host) => host.toLowerCase()));
    return {
      tokenSink(sink) {
        if ((sink.kind !== 'http-request' && sink.kind !== 'key-fetch') || !sink.target) return;
        const host = plainHttpHost(sink.target.text, sink.target.complete);
        if (!host || isLoopback(host) || allowed.has(host)) return;
        if (sink.kind === 'key-fetch') {
          // keys, not a token, cross the wire: whoever can change them forges every token the server accepts
          context.report({
            at: sink.node,
            messageId: 'keysOverHttp',
            data: { host, api: sink.api },
            related: sink.target.node !== sink.node ? [{ at: sink.target.node, message: 'plain-HTTP URL' }] : [],
          });
          return;
        }
        const carried = carriesToken(sink, context);
        if (!carried) return;
        const related = sink.target.node !== sink.node ? [{ at: sink.target.node, message: 'plain-HTTP URL' }] : [];
        context.report({ at: sink.node, messageId: 'plaintext', data: { what: carried.what, header: sink.key ?? 'Authorization', host, api: sink.api }, related, steps: carried.steps });
      },
    };
  },
});
