import { defineRule, stripWrappers, ts, type RuleContext, type TokenOrigin } from '../src/engine/ruleApi.js';

const DESCRIBE: Record<TokenOrigin['kind'], string> = {
  request: 'a bearer token from the request',
  signed: 'a signed JWT',
  'auth-response': 'a token from an auth response',
  storage: 'a token read from web storage',
  'outgoing-request': 'the bearer token of an outgoing request',
};

/** Finds a token inside a logged argument: directly, in a template, or as a property of a logged object. */
function tokenIn(context: RuleContext, expression: ts.Expression, depth = 0): TokenOrigin | undefined {
  if (depth > 8) return undefined;
  const node = stripWrappers(expression);
  if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : ts.isSpreadAssignment(property) ? property.expression : undefined;
      const found = value && tokenIn(context, value, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const found = tokenIn(context, ts.isSpreadElement(element) ? element.expression : element, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  // JSON.stringify({ token }) logs the token too
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'stringify' && node.arguments[0]) {
    return tokenIn(context, node.arguments[0], depth + 1);
  }
  return context.tokenOrigin(node);
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
      'Configure logger redaction for `authorization` headers (pino `redact: [\'req.headers.authorization\']`).',
    level: 'warning',
    precision: 'high',
    securitySeverity: 6.5,
    cwe: [532],
    references: ['https://cwe.mitre.org/data/definitions/532.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html'],
    wrapperCalls:
      'A project function of another module that writes one of its parameters to a log (`export const audit = (msg) => logger.info(msg)`) ' +
      'is a log call at each of its calls: a token passed to it (`audit(`login ${req.headers.authorization}`)`) is reported at that ' +
      'call, where the token enters, with the log call inside as a related location.',
    messages: {
      logged: '{{what}} is written to the log by {{api}}: log a non-secret attribute (user id, jti) instead.',
    },
    examples: {
      bad: { code: "export function auth(req: any, res: any, next: () => void) {\n  console.log('auth header', req.headers.authorization);\n  next();\n}\n" },
      good: { code: "export function auth(req: any, res: any, next: () => void) {\n  console.log('auth header present', Boolean(req.headers.authorization));\n  next();\n}\n" },
    },
  },
  create(context) {
    return {
      tokenSink(sink) {
        if (sink.kind !== 'log') return;
        for (const value of sink.values) {
          const origin = tokenIn(context, value);
          if (origin) {
            context.report({ at: sink.node, messageId: 'logged', data: { what: capitalize(DESCRIBE[origin.kind]), api: sink.api } });
            return;
          }
        }
      },
    };
  },
});

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
