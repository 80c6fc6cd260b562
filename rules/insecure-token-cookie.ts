import {
  appendArgument,
  defineRule,
  describeTokenOrigin,
  insertProperties,
  isNonTokenValue,
  namesAuthToken,
  originSteps,
  replaceNode,
  syntax,
  type FlowStepDescriptor,
  type RuleContext,
  type RuleFix,
  type TextEdit,
  type TokenSink,
} from '../src/engine/ruleApi.js';

/** What the cookie holds (and, when traced, the token's way into it), or undefined when it holds no token. */
function whatIsSet(sink: TokenSink, context: RuleContext): { what: string; steps?: FlowStepDescriptor[] } | undefined {
  for (const value of sink.values) {
    // a JWT in the cookie value itself or as a field of an object value (express JSON cookies)
    const origin = context.heldTokenOrigin(value);
    if (origin) return { what: describeTokenOrigin(origin.kind), steps: originSteps(origin, { at: sink.node, message: `set as a cookie by ${sink.api}` }) };
  }
  if (sink.key !== undefined && namesAuthToken(sink.key)) {
    const values = sink.values;
    if (values.length > 0 && values.every((value) => !isNonTokenValue(context.resolve(value)))) return { what: 'The token' };
  }
  return undefined;
}

/**
 * Turns HttpOnly and Secure on (and adds SameSite=Lax when no policy is written) where the code writes the
 * options: a `false` written in the call's options object becomes `true`, missing attributes are added to that
 * object, or an options object is added after the last argument. No fix when the options are built elsewhere.
 */
function secureCookieFix(cookie: NonNullable<TokenSink['cookie']>): RuleFix | undefined {
  const names = cookie.optionNames;
  const target = cookie.writableAt;
  if (names === undefined || target === undefined) return undefined;
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const settings: string[] = [];
  for (const attribute of ['httpOnly', 'secure'] as const) {
    const fact = cookie[attribute];
    if (fact.state === 'set' && fact.value === false) {
      if (!syntax.isPropertyAssignment(fact.node) || !('object' in target) || fact.node.parent !== target.object) return undefined;
      edits.push(replaceNode(fact.node.initializer, 'true'));
      settings.push(`${names[attribute]}: true`);
    } else if (fact.state === 'default' && fact.value === false) {
      added.push(`${names[attribute]}: true`);
    }
  }
  if (cookie.sameSite.state === 'default') added.push(`${names.sameSite}: 'lax'`);
  if (added.length > 0) {
    const edit = 'object' in target ? insertProperties(target.object, added) : appendArgument(target, `{ ${added.join(', ')} }`);
    if (edit === undefined) return undefined;
    edits.push(edit);
  }
  if (edits.length === 0) return undefined;
  settings.push(...added);
  return { description: `Set ${settings.map((setting) => `\`${setting}\``).join(', ')} on the token cookie`, edits };
}

export default defineRule({
  meta: {
    id: 'insecure-token-cookie',
    title: 'Token cookie without HttpOnly or Secure',
    description:
      'A JWT or bearer token is set in a cookie by the server without the `HttpOnly` attribute (scripts can read it) or without ' +
      '`Secure` (the browser sends it over plain HTTP). Framework defaults are taken into account: koa sets `httpOnly` by default, ' +
      'express, fastify, Next.js, `cookie.serialize` and a hand-written `Set-Cookie` header do not.',
    rationale:
      'A token cookie that is not HttpOnly can be read by any script on the page, so a single XSS flaw or compromised third-party ' +
      'script is enough to steal it. A token cookie that is not Secure is sent in clear text on any http:// request to the site ' +
      '(a mistyped link, a captive portal, a downgrade), where anyone on the network can copy it and replay it.',
    remediation:
      'Set both attributes on every cookie that carries a token, and a `SameSite` policy:\n\n' +
      "```ts\nres.cookie('access_token', token, { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 15 * 60 * 1000 });\n```\n\n" +
      'For a hand-written header: `Set-Cookie: access_token=...; HttpOnly; Secure; SameSite=Lax; Path=/`.',
    level: 'warning',
    precision: 'high',
    securitySeverity: 6.1,
    cwe: [1004, 614],
    references: [
      'https://cwe.mitre.org/data/definitions/1004.html',
      'https://cwe.mitre.org/data/definitions/614.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies',
      'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie',
    ],
    messages: {
      insecure: '{{what}} is set in cookie {{cookie}} by {{api}} without {{missing}}{{why}}: set `httpOnly: true` and `secure: true`.',
    },
    examples: {
      bad: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function login(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '15m' });\n" +
          "  res.cookie('access_token', token);\n  res.sendStatus(204);\n}\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function login(req: any, res: any) {\n" +
          "  const token = jwt.sign({ sub: req.user.id }, process.env.JWT_SECRET!, { expiresIn: '15m' });\n" +
          "  res.cookie('access_token', token, { httpOnly: true, secure: true, sameSite: 'lax' });\n  res.sendStatus(204);\n}\n",
      },
    },
  },
  create(context) {
    return {
      tokenSink(sink) {
        if (sink.kind !== 'http-cookie' || !sink.cookie) return;
        const set = whatIsSet(sink, context);
        if (!set) return;
        const { what, steps } = set;
        const missing: string[] = [];
        const defaulted: string[] = [];
        const related: { at: syntax.Node; message: string }[] = [];
        for (const [attribute, label] of [
          ['httpOnly', 'HttpOnly'],
          ['secure', 'Secure'],
        ] as const) {
          const fact = sink.cookie[attribute];
          if (fact.state === 'set' && fact.value === false) {
            missing.push(label);
            if (fact.node !== sink.node) related.push({ at: fact.node, message: `${attribute} is turned off here` });
          } else if (fact.state === 'default' && fact.value === false) {
            missing.push(label);
            defaulted.push(attribute);
          }
        }
        if (missing.length === 0) return;
        const framework = sink.cookie.framework === 'set-cookie-header' ? 'a Set-Cookie header' : sink.cookie.framework;
        const why = defaulted.length > 0 ? ` (${framework} leaves ${defaulted.join(' and ')} off unless set)` : '';
        context.report({
          at: sink.node,
          messageId: 'insecure',
          data: { what, cookie: sink.key !== undefined ? `'${sink.key}'` : '(name not known)', api: sink.api, missing: missing.join(' and '), why },
          related,
          steps,
          fix: secureCookieFix(sink.cookie),
        });
      },
    };
  },
});
