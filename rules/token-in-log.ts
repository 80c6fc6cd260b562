import { defineRule, describeTokenOrigin, originSteps, tokenInValue } from '../src/engine/ruleApi.js';

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
      "Configure logger redaction for `authorization` headers (pino `redact: ['req.headers.authorization']`).",
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
          const origin = tokenInValue(context, value);
          if (origin) {
            const steps = originSteps(origin, { at: sink.node, message: `logged by ${sink.api}` });
            context.report({ at: sink.node, messageId: 'logged', data: { what: describeTokenOrigin(origin.kind), api: sink.api }, steps });
            return;
          }
        }
      },
    };
  },
});
