import { defineRule, enclosingFunction, stripWrappers, ts, verifiesWithRandomKey, type OptionFact, type RuleContext, type TokenOrigin } from '../src/engine/ruleApi.js';

/** The expression an option fact stands for (the property's initializer, or the argument itself). */
function optionExpression(fact: OptionFact): ts.Expression | undefined {
  if (fact.state !== 'present') return undefined;
  const node = fact.node;
  if (ts.isPropertyAssignment(node)) return node.initializer;
  if (ts.isShorthandPropertyAssignment(node)) return node.name;
  return ts.isExpression(node) ? node : undefined;
}

/** Does a present option actually constrain the claim (not `undefined`, `null`, `''` or `[]`)? */
function constrains(fact: OptionFact): boolean {
  if (fact.state !== 'present') return false;
  const value = fact.value;
  if (value.kind === 'undefined' || value.kind === 'null') return false;
  if (value.kind === 'string' && value.value === '') return false;
  if (value.kind === 'array' && !value.open && value.elements.length === 0) return false;
  return true;
}

/** The request read an expected value comes from (`req.headers.host`, also inside arrays and templates). */
function requestSource(context: RuleContext, fact: OptionFact): TokenOrigin | undefined {
  const expression = optionExpression(fact);
  if (!expression) return undefined;
  const node = stripWrappers(expression);
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const origin = ts.isExpression(element) && !ts.isSpreadElement(element) ? context.requestOrigin(element) : undefined;
      if (origin) return origin;
    }
    return undefined;
  }
  return context.requestOrigin(expression);
}

const CLAIMS = new Set(['aud', 'iss']);
const CHECK_METHODS = new Set(['includes', 'has', 'test', 'some', 'indexOf', 'startsWith', 'endsWith', 'equal', 'strictEqual']);

/** Code in the same function compares the `aud` or `iss` claim by hand (`if (payload.iss !== ISSUER) throw ...`). */
function checksClaimsByHand(context: RuleContext, scope: ts.Node): boolean {
  const stack: ts.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && CLAIMS.has(node.name.text) && !context.requestOrigin(node)) {
      let parent = node.parent;
      while (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isAsExpression(parent)) parent = parent.parent;
      if (ts.isBinaryExpression(parent)) {
        const operator = parent.operatorToken.kind;
        if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken) return true;
      }
      if (ts.isCallExpression(parent) && parent.arguments.some((argument) => stripWrappers(argument) === node)) {
        const callee = stripWrappers(parent.expression);
        if (ts.isPropertyAccessExpression(callee) && CHECK_METHODS.has(callee.name.text)) return true;
        // `['api', 'admin'].includes(String(payload.aud))`
        const outer = parent.parent;
        if (ts.isCallExpression(outer) && outer.arguments.includes(parent) && ts.isPropertyAccessExpression(outer.expression) && CHECK_METHODS.has(outer.expression.name.text)) return true;
      }
      if (ts.isPropertyAccessExpression(parent) && parent.expression === node && CHECK_METHODS.has(parent.name.text)) return true;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

export default defineRule({
  meta: {
    id: 'missing-audience-or-issuer',
    title: 'Verification does not check audience or issuer',
    description:
      'A token is verified without constraining its audience (`aud`) or its issuer (`iss`), or the expected value is taken from the request being authenticated.',
    rationale:
      'A valid signature only proves that some holder of the key issued the token. When one identity provider or signing key serves several ' +
      'applications or tenants, a token issued for another service (or by another issuer sharing the key set) is accepted here too. Taking the ' +
      'expected audience or issuer from the request (`req.headers.host`, a query parameter) lets the client choose what is checked.',
    remediation:
      'Pass the values this service expects as constants or configuration: `jwt.verify(token, key, { algorithms: [\'RS256\'], audience: ' +
      '\'https://api.example.com\', issuer: \'https://auth.example.com/\' })` or `jwtVerify(token, jwks, { issuer, audience })`. Never derive ' +
      'them from the incoming request.',
    level: 'note',
    precision: 'medium',
    securitySeverity: 4.3,
    cwe: [287, 345],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.8',
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.9',
      'https://cwe.mitre.org/data/definitions/287.html',
    ],
    messages: {
      missing: '{{api}} verifies a token without checking its audience or issuer: pass `{{audience}}` and/or `{{issuer}}` with the values this service expects.',
      fromRequest: '{{api}} takes the expected {{claim}} (`{{option}}`) from the request ({{source}}): the client chooses what is checked. Use a constant or configuration value.',
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n}\n" },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'], audience: 'https://api.example.com', issuer: 'https://auth.example.com/' });\n}\n",
      },
    },
  },
  create(context) {
    return {
      verify(operation) {
        const locations = operation.model.options;
        if (!locations?.audience && !locations?.issuer) return;
        // a random key accepts no token (a deny-all guard): no audience or issuer can matter
        if (verifiesWithRandomKey(operation, context.resolve)) return;
        const audience = operation.option('audience');
        const issuer = operation.option('issuer');
        const optionPath = (fact: OptionFact, fallback: string): string => (fact.location.path?.length ? fact.location.path.join('.') : fact.location.method ?? fallback);
        let fromRequest = false;
        for (const [claim, fact, fallback] of [['audience', audience, 'audience'], ['issuer', issuer, 'issuer']] as const) {
          const origin = requestSource(context, fact);
          if (!origin) continue;
          fromRequest = true;
          context.report({
            at: operation.node,
            messageId: 'fromRequest',
            data: { api: operation.api, claim, option: optionPath(fact, fallback), source: `\`${origin.node.getText().slice(0, 60)}\`` },
            related: fact.state === 'present' ? [{ at: fact.node, message: `expected ${claim} taken from the request` }] : undefined,
          });
        }
        if (fromRequest || audience.state === 'unknown' || issuer.state === 'unknown') return;
        if (constrains(audience) || constrains(issuer)) return;
        if (checksClaimsByHand(context, enclosingFunction(operation.node))) return;
        context.report({
          at: operation.node,
          messageId: 'missing',
          data: { api: operation.api, audience: optionPath(audience, 'audience'), issuer: optionPath(issuer, 'issuer') },
        });
      },
    };
  },
});
