import {
  accessName,
  defineRule,
  describeTokenOrigin,
  enclosingFunction,
  findDeclaration,
  namesPublicValue,
  REQUEST_CREDENTIAL_CONTAINERS,
  originSteps,
  type RuleContext,
  stripWrappers,
  type TokenSink,
  syntax,
  walkInFunction,
} from '../src/engine/ruleApi.js';

/**
 * Does the log write only values named as public (`logger.info('no key for', publicKey)`)? A public API key travels as a
 * bearer credential in some APIs but is no secret. Through a project function: the values logged inside it.
 */
function logsOnlyPublicValues(sink: TokenSink): boolean {
  const logged = (sink.via ?? sink).values.filter((value) => !syntax.isStringLiteralLike(stripWrappers(value)));
  return (
    logged.length > 0 &&
    logged.every((value) => {
      const name = accessName(value);
      return name !== undefined && namesPublicValue(name);
    })
  );
}

/**
 * A request object logged whole (`console.log('event', event)`) whose bearer token the same function reads
 * (`event.authorizationToken`, `req.headers.authorization`): the log line carries the token. Returns that read.
 */
function tokenReadFrom(context: RuleContext, value: syntax.Expression): syntax.Node | undefined {
  const logged = stripWrappers(value);
  if (!syntax.isIdentifier(logged)) return undefined;
  const declaration = findDeclaration(logged.text, logged)?.node;
  if (!declaration) return undefined;
  let found: syntax.Node | undefined;
  walkInFunction(enclosingFunction(logged), (node) => {
    if (found) return true;
    // a member read of a chain rooted at the logged object (each link: `event.authorizationToken.split(' ')`)
    if (!(syntax.isPropertyAccessExpression(node) || syntax.isElementAccessExpression(node))) return;
    let root: syntax.Expression = node.expression;
    while (syntax.isPropertyAccessExpression(root) || syntax.isElementAccessExpression(root)) root = root.expression;
    if (!syntax.isIdentifier(root) || root.text !== logged.text || findDeclaration(root.text, root)?.node !== declaration) return;
    const origin = context.tokenOrigin(node);
    if (origin?.kind === 'request' && origin.namedToken) found = node;
  });
  return found;
}

/**
 * A request's credential container logged whole (`logger.info({ headers: req.headers })`, `console.log(req.cookies)`) in a
 * file that authenticates requests by a token it reads from the request: the log line holds that token. Returns the
 * container and the token read that shows it.
 */
function containerLogged(context: RuleContext, value: syntax.Expression): { container: syntax.Expression; read: syntax.Node } | undefined {
  const node = stripWrappers(value);
  const candidates = syntax.isObjectLiteralExpression(node)
    ? node.properties.flatMap((property) => (syntax.isPropertyAssignment(property) ? [stripWrappers(property.initializer)] : []))
    : [node];
  const container = candidates.find(
    (candidate) => syntax.isPropertyAccessExpression(candidate) && REQUEST_CREDENTIAL_CONTAINERS.has(candidate.name.text) && context.requestOrigin(candidate),
  );
  if (!container) return undefined;
  // a token the file reads from the request's headers or cookies (not one from its URL, which the container does not hold)
  const fromRequest = (token: syntax.Expression) => {
    const origin = context.tokenOrigin(token);
    return origin?.kind === 'request' && !origin.inUrl;
  };
  const authenticated = context.operations.find((operation) => operation.kind !== 'sign' && operation.token && fromRequest(operation.token));
  return authenticated?.token ? { container, read: authenticated.token } : undefined;
}

export default defineRule({
  meta: {
    id: 'token-in-log',
    title: 'JWT or Authorization header written to a log',
    description: 'A token, or the value of an Authorization header, reaches console output or a logger.',
    rationale:
      'Logs are copied to log aggregators, support tickets and backups that many people can read. A bearer token in a log line can be ' +
      'replayed by anyone who reads it until it expires, and refresh tokens often live for weeks.',
    remediation:
      'Log facts about the token instead of the token: the user id from verified claims, the `jti`, or whether a token was present. ' +
      "Configure logger redaction for `authorization` headers (pino `redact: ['req.headers.authorization']`).\n\n" +
      'An object logged whole is reported when it holds a token: a property or spread that is one (`{ id, token }`, also through a ' +
      'variable, or written into it before the log: `out.token = t`, `Object.assign(out, { t })`), or the whole parsed body of ' +
      "an auth request's response (`console.log(data)` of a token endpoint's JSON, also when a function of the module returns it, not the " +
      'error body read under `if (!res.ok)`).\n\n' +
      'A request object logged whole (`console.log(event)`, `logger.info(req)`) is reported when the same function reads its bearer ' +
      'token from it (`event.authorizationToken`, `req.headers.authorization`): the log line then carries the token.\n\n' +
      'A log call that writes only values named as public (`publicKey`, `publishableKey`, `anonKey`) is not reported, also when ' +
      'the value came from a bearer header: the public half of an API key pair is no secret.\n\n' +
      'A request logger whose format prints a credential header (morgan `:req[authorization]`, `:req[cookie]`) is reported at its set-up, ' +
      "and so are the request's headers or cookies logged whole (`logger.info({ headers: req.headers })`) in a file that authenticates " +
      'requests by a token it reads from them.\n\n' +
      'A command-line script (a file that exports nothing and starts no server, such as `scripts/make-dev-token.js`) printing a ' +
      'token it signed itself is not reported: printing the token is what the script is run for. The same console write in a ' +
      "module that exports or serves is the service's log and is reported.",
    level: 'warning',
    precision: 'high',
    securitySeverity: 6.5,
    cwe: [532],
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html'],
    wrapperCalls:
      'A project function of another module that writes one of its parameters to a log (`export const audit = (msg) => logger.info(msg)`) ' +
      'is a log call at each of its calls: a token passed to it (`audit(`login ${req.headers.authorization}`)`) is reported at that ' +
      'call, where the token enters, with the log call inside as a related location. A function that logs a member of a parameter ' +
      "(`audit(headers)` logging `headers.authorization`) called from other modules with the request's headers is reported at its own " +
      'log call.',
    messages: {
      logged: '{{what}} is written to the log by {{api}}: log a non-secret attribute (user id, jti) instead.',
      containerLogged:
        "The request's `{{holder}}` are written to the log whole by {{api}}, with the token this file authenticates requests by (`{{read}}`): log the fields you need, without the credentials.",
      headerFormat:
        "The request logger {{api}} prints each request's `{{header}}` header (`:req[{{header}}]` in its format), and with it the bearer token or session: remove it from the format.",
      holderLogged: 'The whole request `{{holder}}` is written to the log by {{api}}, with the bearer token it carries (`{{read}}`): log the fields you need, without the token.',
    },
    examples: {
      bad: { code: "export function auth(req: any, res: any, next: () => void) {\n  console.log('auth header', req.headers.authorization);\n  next();\n}\n" },
      good: { code: "export function auth(req: any, res: any, next: () => void) {\n  console.log('auth header present', Boolean(req.headers.authorization));\n  next();\n}\n" },
    },
  },
  create(context) {
    return {
      tokenSink(sink) {
        if (sink.kind !== 'log' || logsOnlyPublicValues(sink)) return;
        if (sink.loggedHeader) {
          context.report({ at: sink.node, messageId: 'headerFormat', data: { header: sink.loggedHeader, api: sink.api } });
          return;
        }
        for (const value of sink.values) {
          const origin = context.heldTokenOrigin(value);
          // a token generator script printing the token it signed: that is its output, not a log line
          if (origin?.kind === 'signed' && sink.scriptOutput) continue;
          if (origin) {
            const steps = originSteps(origin, { at: sink.node, message: `logged by ${sink.api}` });
            context.report({ at: sink.node, messageId: 'logged', data: { what: describeTokenOrigin(origin.kind), api: sink.api }, steps });
            return;
          }
          const logged = containerLogged(context, value);
          if (logged) {
            const holder = logged.container.getText().slice(0, 60);
            context.report({
              at: sink.node,
              messageId: 'containerLogged',
              data: { holder, read: logged.read.getText().slice(0, 60), api: sink.api },
              related: [{ at: logged.read, message: 'the bearer token this file reads from requests' }],
            });
            return;
          }
          const read = tokenReadFrom(context, value);
          if (read) {
            const holder = stripWrappers(value).getText();
            context.report({
              at: sink.node,
              messageId: 'holderLogged',
              data: { holder, read: read.getText().slice(0, 60), api: sink.api },
              related: [{ at: read, message: 'the bearer token it carries' }],
            });
            return;
          }
        }
      },
    };
  },
});
