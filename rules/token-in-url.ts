import {
  encloses,
  argumentFor,
  CLIENT_SECRET_QUERY_PARAMETERS,
  claimWords as words,
  defineRule,
  describeTokenOrigin,
  enclosingFunction,
  findDeclaration,
  formatDuration,
  holderOf,
  IDENTITY_CLAIMS,
  namesAuthToken,
  nowOffset,
  originSteps,
  referencesTo,
  SESSION_TOKEN_TYPES,
  stripWrappers,
  toDuration,
  syntax,
  TYPE_CLAIMS,
  type JwtOperation,
  type RuleContext,
  type TokenOrigin,
  type TokenSink,
  type Value,
} from '../src/engine/ruleApi.js';

/**
 * Words that make a query parameter name an access credential on its own (`access_token`, `jwt`, `id_token`, `authToken`).
 * A bare `token` parameter is also used for one-time links (email confirmation), so it counts only when the value is
 * verified or decoded as a JWT.
 */
const CREDENTIAL_WORDS = new Set(['access', 'id', 'auth', 'jwt', 'bearer', 'refresh', 'session', 'api']);
/**
 * Words that make such a name a capability link's parameter instead (`temporaryAccessToken` of a file download,
 * `shareToken`): made to travel in a URL, so counted, like a bare `token`, only when verified or decoded as a JWT.
 */
const CAPABILITY_WORDS = new Set(['temporary', 'temp', 'download', 'preview', 'share', 'upload', 'presigned', 'shared']);

function namesCredential(name: string): boolean {
  const nameWords = words(name);
  return namesAuthToken(name) && nameWords.some((word) => CREDENTIAL_WORDS.has(word)) && !nameWords.some((word) => CAPABILITY_WORDS.has(word));
}

/** Does the operation's token come from the sink's read, on one of its ways (`auth.token || query.token` in a helper)? */
function tokenReadAt(operation: JwtOperation, sink: TokenSink, context: RuleContext): boolean {
  if (!operation.token) return false;
  return context
    .origins(operation.token)
    .some((origin) => origin.kind === 'request' && [origin.node, origin.source].some((node) => node && (encloses(node, sink.node) || encloses(sink.node, node))));
}

/** Is the value read by this sink the token of a JWT verification or decode in the file? */
function usedAsJwt(sink: TokenSink, context: RuleContext): JwtOperation | undefined {
  // a verification says more about the token than a decode of it
  const operations = [...context.operations].sort((a, b) => Number(b.kind === 'verify') - Number(a.kind === 'verify'));
  for (const operation of operations) {
    if (operation.kind === 'sign' || !operation.token) continue;
    const token = stripWrappers(operation.token);
    if (encloses(token, sink.node)) return operation;
    let identifier: syntax.Node = token;
    // String(t), t.trim(), `${t}` keep the value
    if (syntax.isCallExpression(identifier) && identifier.arguments.length === 1) identifier = stripWrappers(identifier.arguments[0]);
    if (syntax.isIdentifier(identifier)) {
      const declaration = findDeclaration(identifier.text, identifier);
      if (sink.binding && declaration?.kind === 'variable' && declaration.node === sink.binding) return operation;
      // NestJS `@Query('token') token: string` verified in the handler
      if (declaration?.kind === 'parameter' && declaration.node === sink.node) return operation;
    }
    if (tokenReadAt(operation, sink, context)) return operation;
  }
  return undefined;
}

/**
 * The payload a sign call signs. In a helper reached from the sink's value (`signIntent({ host })` returning
 * `jwt.sign(p, …)`), a parameter is the argument of the call that reached the helper.
 */
function payloadOf(context: RuleContext, payload: syntax.Expression, origin: TokenOrigin): Value {
  let value = context.resolve(payload);
  for (let step = 0; step < 8 && value.kind === 'parameter' && value.steps.length === 0; step += 1) {
    const parameter = value;
    const frame = origin.calls?.find((candidate) => candidate.fn === parameter.node.parent);
    const argument = frame && argumentFor(frame.call, parameter.node.parent, parameter.index);
    if (!argument) break;
    value = context.resolve(argument);
  }
  return value;
}

/** A literal written in the code (`id: 0` placeholds a claim a library requires; it names no user). */
const isConstant = (value: Value): boolean => value.kind === 'number' || value.kind === 'string' || value.kind === 'boolean' || value.kind === 'null';

const isPurpose = (value: Value | undefined): value is Extract<Value, { kind: 'string' }> =>
  value?.kind === 'string' && value.value !== '' && !SESSION_TOKEN_TYPES.has(value.value.toLowerCase());

/**
 * The single purpose a verification of a link token is bound to: a type argument handed to the verifying helper
 * along with the token (`verifyToken(token, tokenTypes.RESET_PASSWORD)` into a parameter named `type`), or a type
 * claim of the verified result compared with a purpose (`const { purpose } = await verify(t); if (purpose !== 'sso_recovery') throw`).
 */
function purposeOfUse(context: RuleContext, use: JwtOperation): string | undefined {
  for (const call of [use.node, ...(use.through ?? [])]) {
    const callee = syntax.isCallExpression(call) ? context.resolve(call.expression) : undefined;
    if (callee?.kind !== 'function') continue;
    for (const [index, parameter] of callee.node.parameters.entries()) {
      if (!syntax.isIdentifier(parameter.name) || !TYPE_CLAIMS.includes(parameter.name.text)) continue;
      const argument = argumentFor(call, callee.node, index);
      const value = argument ? context.resolve(argument) : undefined;
      if (isPurpose(value)) return value.value;
    }
  }
  const { holder } = holderOf(use.node);
  const declaration = holder.parent;
  if (!syntax.isVariableDeclaration(declaration) || declaration.initializer !== holder) return undefined;
  const names = syntax.isObjectBindingPattern(declaration.name)
    ? declaration.name.elements
        .filter((element) => TYPE_CLAIMS.includes((element.propertyName ?? element.name).getText()) && syntax.isIdentifier(element.name))
        .map((element) => (element.name as syntax.Identifier).text)
    : [];
  const scope = enclosingFunction(declaration);
  for (const name of names) {
    for (const reference of referencesTo(scope, name, declaration)) {
      const comparison = reference.parent;
      if (!syntax.isBinaryExpression(comparison) || !syntax.isEqualityOperator(comparison.operatorToken.kind)) continue;
      const other = comparison.left === reference ? comparison.right : comparison.left;
      const value = context.resolve(other);
      if (isPurpose(value)) return value.value;
    }
  }
  return undefined;
}

interface Capability {
  lifetime: number;
  /** The type or purpose claim's value, when one names the token's single use. */
  purpose?: string;
}

/**
 * Is this signed token a capability made to travel in a link (a presigned download or confirmation URL): a
 * short lifetime, and a payload that either names a single purpose (`type: 'attachment'`) or identifies no
 * user session (`{ key }`, no `sub`/`userId`/`role`)? Everything must be visible: an open payload is not one.
 */
function capabilityOf(context: RuleContext, origin: TokenOrigin, maxLifetime: number): Capability | undefined {
  if (origin.kind !== 'signed' || (!syntax.isCallExpression(origin.node) && !syntax.isNewExpression(origin.node))) return undefined;
  const sign = context.operationsAt(origin.node).find((operation) => operation.kind === 'sign');
  const duration = sign?.duration('expiresIn');
  const lifetime = duration?.kind === 'relative' ? duration.seconds : sign && payloadExpLifetime(context, sign);
  if (!sign?.payload || lifetime === undefined || lifetime > maxLifetime) return undefined;
  const payload = payloadOf(context, sign.payload, origin);
  if (payload.kind !== 'object') return undefined;
  for (const claim of TYPE_CLAIMS) {
    const value = payload.props.get(claim)?.value;
    if (value?.kind !== 'string') continue;
    return SESSION_TOKEN_TYPES.has(value.value.toLowerCase()) ? undefined : { lifetime, purpose: value.value };
  }
  if (payload.open || [...payload.props].some(([claim, prop]) => IDENTITY_CLAIMS.has(claim) && !isConstant(prop.value))) return undefined;
  return { lifetime };
}

/**
 * The lifetime an `exp` claim written as the current time plus an offset gives (`exp: Math.floor(Date.now() / 1000) + 200`),
 * or its default when the offset falls back to one (`ttl || 200`, the lifetime unless the caller asks for another).
 */
function payloadExpLifetime(context: RuleContext, sign: JwtOperation): number | undefined {
  if (!sign.optionLocation('payloadExp')) return undefined;
  const fact = sign.option('payloadExp');
  if (fact.state !== 'present') return undefined;
  const written = syntax.isPropertyAssignment(fact.node) ? fact.node.initializer : syntax.isExpression(fact.node) ? fact.node : undefined;
  const offset = written && nowOffset(written);
  const value = offset && context.resolve(offset);
  if (value?.kind === 'number') return value.value;
  return value?.kind === 'fallback' && value.fallback.kind === 'number' ? value.fallback.value : undefined;
}

/** Sinks where a token read from the page's URL is used as one (stored from script, sent as a bearer token), and the verb for it. */
const PAGE_TOKEN_USES: Readonly<Partial<Record<TokenSink['kind'], string>>> = {
  'web-storage': 'stored in web storage',
  'script-cookie': 'stored in a script cookie',
  'http-request': 'sent as a credential',
};

/**
 * Tokens browser code reads from its own page's URL, reported at the read when the token is used as one: decoded or
 * verified, stored, or sent as a credential (also through a project function); a credential parameter name
 * (`access_token`) is reported whatever its use. Collected per file, as the uses can come before or after the read.
 */
class PageTokenReads {
  private readonly reads: TokenSink[] = [];
  private readonly uses: { node: syntax.Node; use: string }[] = [];

  constructor(private readonly context: RuleContext) {}

  read(sink: TokenSink): void {
    if (sink.key !== undefined && namesAuthToken(sink.key)) this.reads.push(sink);
  }

  /** A sink whose value may be a page token: where it goes. */
  use(sink: TokenSink): void {
    const use = PAGE_TOKEN_USES[sink.kind];
    if (!use) return;
    for (const value of sink.values) {
      const origin = this.context.tokenOrigin(value);
      if (origin?.kind === 'page-url') this.uses.push({ node: origin.source ?? origin.node, use });
    }
  }

  report(): void {
    for (const read of this.reads) {
      const operation = usedAsJwt(read, this.context);
      const use = operation
        ? `${operation.kind === 'verify' ? 'verified' : 'decoded'} as a JWT`
        : this.uses.find((entry) => encloses(read.node, entry.node) || (read.binding !== undefined && encloses(read.binding, entry.node)))?.use;
      if (!use && !namesCredential(read.key!)) continue;
      this.context.report({
        at: read.node,
        messageId: 'readFromPage',
        data: { api: read.api, use: use ? ` and ${use}` : '' },
        related: operation ? [{ at: operation.node, message: `${operation.kind === 'verify' ? 'verified' : 'decoded'} here` }] : [],
      });
    }
  }
}

/**
 * Middleware that reads the token from a query parameter too (hapi-auth-jwt2 `urlKey`, canonical `queryParameter`):
 * a parameter written in the options is a warning at it; the library's default is a note at the middleware, as the
 * project may never send tokens there although any client or shared link can.
 */
function acceptedByMiddleware(context: RuleContext, operation: JwtOperation): void {
  if (!operation.optionLocation('queryParameter')) return;
  const fact = operation.option('queryParameter');
  if (fact.state === 'unknown') return;
  const value = fact.state === 'present' ? fact.value : undefined;
  if (fact.state === 'present' && fact.value.kind === 'string') {
    if (fact.value.value !== '') context.report({ at: fact.node, messageId: 'acceptedByLibrary', data: { parameter: `'${fact.value.value}'`, api: operation.api } });
    return;
  }
  // `urlKey: false` turns it off; `true`, `undefined` or `null` leave the default, anything else cannot be told
  const leavesDefault = value === undefined || value.kind === 'undefined' || value.kind === 'null' || (value.kind === 'boolean' && value.value);
  const parameter = operation.libraryDefaults.queryParameter;
  if (!leavesDefault || typeof parameter !== 'string' || parameter === '') return;
  const option = fact.location.path?.[fact.location.path.length - 1] ?? 'queryParameter';
  const at = fact.state === 'present' ? fact.node : (fact.registration ?? operation.node);
  context.report({ at, level: 'note', messageId: 'acceptedByDefault', data: { api: operation.api, parameter, option } });
}

/** A token placed in a URL: a warning, a note for a capability link, or a credential parameter of an outgoing request whatever its value. */
function reportUrlSink(context: RuleContext, sink: TokenSink, maxLifetime: number): void {
  const value = sink.values[0];
  // no wrapper call reports a URL built by a helper: its parameters are followed to callers in every module
  const across = { acrossModules: true };
  const found = value && (sink.held ? context.heldTokenOrigin(value) : context.tokenOrigin(value, across));
  if (!found) {
    // a credential by its parameter name, in the URL of an outgoing request: whatever the value is
    if (sink.requestUrl && sink.key && sink.urlPart === 'query') {
      // a client secret must never be in a URL (RFC 6749 §2.3.1); an access token of unknown origin may be an API's documented form
      const level = CLIENT_SECRET_QUERY_PARAMETERS.has(sink.key) ? undefined : 'note';
      context.report({ at: sink.node, level, messageId: 'credentialParameter', data: { parameter: sink.key, api: sink.requestUrl } });
    }
    return;
  }
  // read from this request's own query string or route: it came in a URL, and passing it on in another adds no exposure
  const arrivals = sink.held ? [found, ...(found.also ?? [])] : context.origins(value, across);
  // (the page's own URL too: a link token passed on in the next request's URL)
  const exposed = arrivals.filter((each) => !(each.kind === 'request' && each.inUrl) && each.kind !== 'page-url');
  if (exposed.length === 0) return;
  // of several values (an object's entries, a helper's callers), a token that was not in a URL already
  const origin = exposed.find((each) => !(each.kind === 'request' || each.kind === 'page-url') || each.namedToken) ?? found;
  const part = sink.urlPart === 'fragment' ? 'fragment' : sink.urlPart === 'path' ? 'path' : 'query string';
  const capability = capabilityOf(context, origin, maxLifetime);
  if (capability) {
    context.report({
      at: sink.node,
      level: 'note',
      messageId: 'capabilityUrl',
      data: { lifetime: formatDuration(capability.lifetime), purpose: capability.purpose ? ` ('${capability.purpose}')` : '', part, api: sink.api },
      related: [{ at: origin.node, message: 'signed here' }],
    });
    return;
  }
  context.report({
    at: sink.node,
    // the URL of a request this code makes: no history or Referer, but the logs of every server and proxy on the way
    messageId: sink.requestUrl ? 'inRequestUrl' : 'inUrl',
    data: { what: describeTokenOrigin(origin.kind), part, parameter: sink.key ? ` as '${sink.key}'` : '', api: sink.requestUrl ?? sink.api },
    steps: originSteps(origin, { at: sink.node, message: `put in the URL by ${sink.api}` }),
  });
}

export default defineRule({
  meta: {
    id: 'token-in-url',
    title: 'Token in a URL',
    description:
      'A JWT or bearer token is placed in the query string or fragment of a URL, or in a path segment of one that is a URL by its start ' +
      "(`https://...`, a value named as a URL such as `${ROOT_URL}/auth/${token}` or read by such a key, `config.get('url')`) or by where it is sent (a redirect, a location); " +
      'a URL inside a longer text counts from its own start (an e-mail\'s `<a href="${ROOT_URL}/activate/${token}">`) ' +
      "(template, concatenation, segments joined with `/` such as `[ROOT_URL, 'reset', token].join('/')`, `URLSearchParams`, " +
      '`searchParams.set`, a query-string builder such as `qs.stringify`, also of an object that callers fill (`redirectUrl(to, { refreshToken })` whose ' +
      '`Object.entries(query)` are set as parameters), redirect, a client-side navigation given a query object such as `router.push({ query: { token } })`), a credential parameter (`access_token`, `refresh_token`, `id_token`, `client_secret`) is put in ' +
      "the URL of an outgoing request (also through a project HTTP helper) whatever its value, or a server accepts its token from the query string (or from a dynamic route segment the framework puts there, Next.js `pages/api/[token].ts`) and verifies or decodes it, or copies it into the request's own Authorization header for the guard that follows " +
      '(`req.query.access_token`, passport-jwt `ExtractJwt.fromUrlQueryParameter`, permit `new Bearer({ query })`, authentication middleware that reads a query ' +
      "parameter, hapi-auth-jwt2 by default), or browser code takes a token from its own page's URL and uses it (`useSearchParams().get('token')`, " +
      "`route.query.token`, `new URLSearchParams(location.hash.slice(1)).get('access_token')`).",
    rationale:
      'URLs are written to server and proxy access logs, browser history, bookmarks and analytics, and leak to other sites in the ' +
      '`Referer` header. A token in a URL can be replayed by anyone who reads any of them until it expires. A server that accepts ' +
      'tokens from the query string invites clients to put them there.',
    remediation:
      'Send tokens in the `Authorization: Bearer` header, or in an HttpOnly cookie, and read them from there:\n\n' +
      '```ts\nawait fetch(`${API}/report`, { headers: { Authorization: `Bearer ${token}` } });\n```\n\n' +
      'For links that must carry a credential (email confirmation, downloads), issue a separate single-use, short-lived code and ' +
      'exchange it server-side. For passport-jwt use `ExtractJwt.fromAuthHeaderAsBearerToken()`. For Socket.IO, pass the token in ' +
      "the `auth` option (`io(url, { auth: { token } })`), which travels in the connection's first packet, not in `query`.\n\n" +
      "A client's query-string option is a URL too: axios `params`, got and ky `searchParams`, socket.io-client `query`.\n\n" +
      'A credential parameter (`access_token`, `id_token`) in the URL of an outgoing request whose value is not traced to a token is ' +
      "a note: often another service's access token in the query form its API documents, where only that service's logs keep it. " +
      '`client_secret` stays a warning whatever its value (RFC 6749 §2.3.1 forbids it in the request URI), and so does a token traced ' +
      'to a sign call, a request or an auth response.\n\n' +
      'Authentication middleware that reads the token from a query parameter unless told otherwise (hapi-auth-jwt2 reads `?token=` ' +
      'unless `urlKey: false`) is reported as a note at the middleware: the project may never send tokens there, but any client or ' +
      "shared link can, and the middleware accepts them. A parameter named in the options (`urlKey: 'jwt'`) is a warning.\n\n" +
      'A capability link is reported only as a note: a token signed with a short lifetime (at most `capabilityMaxLifetime`) whose payload ' +
      "names a single purpose (`type: 'attachment'`, `purpose: 'download'`) or identifies no user session (no `sub`, user id or role; a constant such as `id: 0` names no one), " +
      "like `jwt.sign({ key, type: 'attachment' }, secret, { expiresIn: 300 })` in `/files?sig=…`. Such a token is made to travel in a " +
      'URL, like a presigned storage link: whoever reads the URL can use it once for that purpose until it expires, but cannot act as the ' +
      'user. Keep it short-lived, bound to one resource and, where possible, single-use. The sign call may be in a helper of another ' +
      "module (`signIntent({ host })` returning `jwt.sign({ ...p, type: 'oauth_intent' }, secret, { expiresIn: 600 })`).\n\n" +
      'The receiving side of such a link is a note too: a token read from a `?token=` parameter (not a credential name such as ' +
      '`access_token`) whose verification is bound to one purpose, by a type argument given to the verifying helper with the token ' +
      "(`verifyToken(token, 'resetPassword')` into a parameter named `type` or `purpose`) or by a type claim of the verified result " +
      "compared with a purpose (`if (purpose !== 'email_change') throw`). An emailed reset or confirmation link cannot send an " +
      'Authorization header.\n\n' +
      "Browser code that reads a token from its page's URL (Next.js or react-router `useSearchParams()`, vue-router `useRoute().query`, Angular's `ActivatedRoute` or a guard's `route: ActivatedRouteSnapshot`, " +
      'SvelteKit `page.url.searchParams`, `location.search` and `location.hash`) is reported at the read when the token is used as one: ' +
      'decoded or verified, stored in web storage or a script cookie, or sent as a credential; a credential parameter name ' +
      '(`access_token`, `id_token`) is reported whatever its use. An SSO or magic-link redirect should carry a one-time code that the page ' +
      'exchanges for the token with a POST, or the server should set an HttpOnly cookie before redirecting.\n\n' +
      "A value read from the request's own query string or route parameters (`req.query.token`, `const { token } = req.params`) and put " +
      'into another URL (a redirect back to the page that asked for it) is not reported there: it came in a URL already, and the read is ' +
      'where that exposure is reported (when the token is a credential or used as a JWT).\n\n' +
      'A `#` before a token is a fragment only when the text before it is a URL (URL characters, a value named as a URL such as ' +
      '`redirectUrl`, or a string given to a redirect or assigned to a location): `${userId}#${token}` is a key, not a URL.',
    level: 'warning',
    precision: 'high',
    securitySeverity: 5.3,
    cwe: [598],
    references: [
      'https://cwe.mitre.org/data/definitions/598.html',
      'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3',
      'https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url',
    ],
    wrapperCalls:
      "A token that browser code reads from its page's URL is reported at the read when it is used as a token, also when it is passed to a " +
      "project function of another module that stores it or sends it as a credential (`setAuthToken(searchParams.get('token'))`).",
    messages: {
      inUrl: '{{what}} is placed in the {{part}} of a URL{{parameter}} by {{api}}, where logs, history and Referer headers keep it: send it in the Authorization header.',
      inRequestUrl:
        '{{what}} is sent in the {{part}} of the URL of a request made by {{api}}{{parameter}}, where access logs of every server and proxy on the way keep it: ' +
        'send it in the Authorization header.',
      acceptedByLibrary: 'The token is accepted from the query string parameter {{parameter}} ({{api}}): read it from the Authorization header instead.',
      acceptedByDefault:
        "{{api}} also accepts the token from the query string parameter '{{parameter}}' by default, where logs and Referer headers keep it: " +
        'set `{{option}}: false` unless clients must send it there.',
      acceptedByRead: 'The token is read from the {{part}} ({{api}}){{use}}: accept it from the Authorization header instead.',
      readFromPage:
        "The token is read from the page's URL ({{api}}){{use}}: it was handed over in a URL, which history, logs and Referer headers keep. " +
        'Hand over a one-time code exchanged for the token by a POST, or let the server set an HttpOnly cookie.',
      credentialParameter:
        "The credential parameter '{{parameter}}' is sent in the query string of a request made by {{api}}, where access logs of every server and proxy on the way keep it: " +
        'send it in the Authorization header or the request body.',
      capabilityLink:
        "A single-purpose link token ('{{purpose}}') is read from the query string ({{api}}) and {{verb}} for that purpose only: a capability link, " +
        'readable in logs and Referer headers until it expires. Keep it short-lived and single-use.',
      capabilityUrl:
        'A short-lived ({{lifetime}}) single-purpose token{{purpose}} is placed in the {{part}} of a URL by {{api}}: a capability link, ' +
        'readable in logs and Referer headers until it expires. Keep it bound to one resource and single-use.',
    },
    options: {
      capabilityMaxLifetime: {
        type: 'string',
        default: '1h',
        description: 'Longest lifetime (vercel/ms notation) of a signed single-purpose token that may travel in a URL as a capability link (reported as a note instead of a warning).',
      },
    },
    examples: {
      bad: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function sso(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '5m' });\n" +
          '  res.redirect(`https://app.example.com/callback?token=${token}`);\n}\n',
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function sso(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '5m' });\n" +
          "  res.cookie('sso', token, { httpOnly: true, secure: true, sameSite: 'lax' });\n" +
          '  res.redirect(`https://app.example.com/callback?page=${encodeURIComponent(req.query.page)}`);\n}\n',
      },
    },
  },
  create(context) {
    const rawMax = context.options.capabilityMaxLifetime;
    const parsedMax = typeof rawMax === 'string' ? toDuration(rawMax, 'timespan') : typeof rawMax === 'number' ? toDuration(rawMax, 'seconds') : undefined;
    if (parsedMax?.kind !== 'relative') throw new Error(`option capabilityMaxLifetime: expected a duration such as '1h', received ${JSON.stringify(rawMax)}`);
    const maxLifetime = parsedMax.seconds;
    const pageReads = new PageTokenReads(context);
    return {
      verify(operation) {
        acceptedByMiddleware(context, operation);
      },
      endFile() {
        pageReads.report();
      },
      tokenSink(sink) {
        pageReads.use(sink);
        // a sink inside a project function only tells where a page token goes
        if (sink.via) return;
        if (sink.kind === 'request-param' && sink.pageUrl) {
          pageReads.read(sink);
          return;
        }
        if (sink.kind === 'url') {
          reportUrlSink(context, sink, maxLifetime);
          return;
        }
        if (sink.kind !== 'request-param') return;
        if (sink.acceptedBy === 'library') {
          context.report({ at: sink.node, messageId: 'acceptedByLibrary', data: { parameter: sink.key !== undefined ? `'${sink.key}'` : '(computed)', api: sink.api } });
          return;
        }
        if (sink.key === undefined || !namesAuthToken(sink.key)) return;
        const use = usedAsJwt(sink, context);
        // copied into the request's own Authorization header: whatever verifies that header accepts the query token
        const copy = sink.headerCopy;
        if (!use && !copy && !namesCredential(sink.key)) return;
        const verb = use?.kind === 'verify' ? 'verified' : 'decoded';
        // a link token (`?token=`, not a credential name) whose verification is bound to one purpose: a capability link
        const purpose = use && !namesCredential(sink.key) ? purposeOfUse(context, use) : undefined;
        if (use && purpose !== undefined) {
          context.report({
            at: sink.node,
            level: 'note',
            messageId: 'capabilityLink',
            data: { api: sink.api, verb, purpose },
            related: [{ at: use.node, message: `${verb} here` }],
          });
          return;
        }
        context.report({
          at: sink.node,
          messageId: 'acceptedByRead',
          data: {
            api: sink.api,
            use: use ? ` and ${verb} as a JWT` : copy ? " and handed on as the request's credential header" : '',
            part: sink.urlPart === 'path' ? 'URL path' : 'query string',
          },
          related: use ? [{ at: use.node, message: `${verb} here` }] : copy ? [{ at: copy, message: 'copied into the header here' }] : [],
        });
      },
    };
  },
});
