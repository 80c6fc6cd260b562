import {
  callerOf,
  defineRule,
  enclosingFunction,
  findDeclaration,
  optionExpression,
  providerOfIssuer,
  stripWrappers,
  syntax,
  verifiesWithRandomKey,
  verifiesProofOfPossession,
  type OptionFact,
  type RuleContext,
  type TokenOrigin,
} from '../src/engine/ruleApi.js';

const AUDIENCE_ISSUER = new Set(['aud', 'iss']);

/** Does a present option actually constrain the claim (not `undefined`, `null`, `''` or `[]`)? */
function constrains(fact: OptionFact): boolean {
  if (fact.state !== 'present') return false;
  const value = fact.value;
  if (value.kind === 'undefined' || value.kind === 'null') return false;
  // `aud: false` (@hapi/jwt) says "do not check"
  if (value.kind === 'boolean' && !value.value) return false;
  if (value.kind === 'string' && value.value === '') return false;
  if (value.kind === 'array' && !value.open && value.elements.length === 0) return false;
  return true;
}

/** The request read an expected value comes from (`req.headers.host`, also inside arrays and templates). */
function requestSource(context: RuleContext, fact: OptionFact): TokenOrigin | undefined {
  const expression = optionExpression(fact);
  if (!expression) return undefined;
  const node = stripWrappers(expression);
  if (syntax.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      const origin = syntax.isExpression(element) && !syntax.isSpreadElement(element) ? context.requestOrigin(element) : undefined;
      if (origin) return origin;
    }
    return undefined;
  }
  return context.requestOrigin(expression);
}

const CHECK_METHODS = new Set(['includes', 'has', 'test', 'some', 'indexOf', 'startsWith', 'endsWith', 'equal', 'strictEqual']);

/** The claim a node reads: `payload.aud`, `payload['typ']`, or a name destructured from a claim (`const { type } = payload`). */
function claimRead(node: syntax.Node, claims: ReadonlySet<string>): string | undefined {
  if (syntax.isPropertyAccessExpression(node) && syntax.isIdentifier(node.name) && claims.has(node.name.text)) return node.name.text;
  if (syntax.isElementAccessExpression(node) && syntax.isStringLiteralLike(node.argumentExpression) && claims.has(node.argumentExpression.text)) return node.argumentExpression.text;
  if (syntax.isIdentifier(node) && !syntax.isPropertyAccessExpression(node.parent) && !syntax.isBindingElement(node.parent)) {
    const declaration = findDeclaration(node.text, node);
    const binding = declaration?.node;
    if (binding && syntax.isVariableDeclaration(binding) && syntax.isObjectBindingPattern(binding.name)) {
      for (const element of binding.name.elements) {
        if (syntax.isIdentifier(element.name) && element.name.text === node.text) {
          const claim = (element.propertyName ?? element.name).getText();
          if (claims.has(claim)) return claim;
        }
      }
    }
  }
  return undefined;
}

/** The other side of a comparison the node is in (`payload.iss !== ISSUER`), through wrappers. */
function comparedWith(node: syntax.Node): syntax.Expression | undefined {
  let current = node;
  while (syntax.isParenthesizedExpression(current.parent) || syntax.isNonNullExpression(current.parent) || syntax.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (syntax.isBinaryExpression(parent) && syntax.isEqualityOperator(parent.operatorToken.kind)) return parent.left === current ? parent.right : parent.left;
  return undefined;
}

/** Is the read tested: compared, passed to a check method, or switched on? */
function isChecked(node: syntax.Node): boolean {
  let current = node;
  while (syntax.isParenthesizedExpression(current.parent) || syntax.isNonNullExpression(current.parent) || syntax.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (comparedWith(node)) return true;
  if (syntax.isSwitchStatement(parent) && parent.expression === current) return true;
  if (syntax.isCallExpression(parent) && parent.arguments.some((argument) => stripWrappers(argument) === current || argument === current)) {
    const callee = stripWrappers(parent.expression);
    if (syntax.isPropertyAccessExpression(callee) && CHECK_METHODS.has(callee.name.text)) return true;
    // `['api', 'admin'].includes(String(payload.aud))`
    const outer = parent.parent;
    if (syntax.isCallExpression(outer) && outer.arguments.includes(parent) && syntax.isPropertyAccessExpression(outer.expression) && CHECK_METHODS.has(outer.expression.name.text))
      return true;
  }
  return syntax.isPropertyAccessExpression(parent) && parent.expression === current && CHECK_METHODS.has(parent.name.text);
}

/**
 * Claims the code in `scope` checks by hand (`if (payload.iss !== ISSUER) throw ...`, `switch (payload.type)`),
 * each with the literal it is compared with, when there is one.
 */
interface HandCheck {
  /** The string the claim is compared with, when it resolves to one. */
  literal?: string;
  /** What the claim is compared with (`payload.aud !== clientId`). */
  compared?: syntax.Expression;
}

function claimsCheckedByHand(context: RuleContext, scope: syntax.Node, claims: ReadonlySet<string>): Map<string, HandCheck> {
  const found = new Map<string, HandCheck>();
  const stack: syntax.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const claim = claimRead(node, claims);
    if (claim !== undefined && !context.requestOrigin(node as syntax.Expression) && isChecked(node)) {
      const other = comparedWith(node);
      const literal = other ? context.resolve(other) : undefined;
      if (!found.has(claim) || literal?.kind === 'string') found.set(claim, { ...(literal?.kind === 'string' ? { literal: literal.value } : {}), ...(other ? { compared: other } : {}) });
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * Where the code that handles the verification's outcome lives: the enclosing function, or for a verification
 * configured in a constructor (`super({ ... })` of a strategy class) the whole class (its `validate`).
 */
function outcomeScope(node: syntax.Node): syntax.Node {
  const fn = enclosingFunction(node);
  return syntax.isConstructorDeclaration(fn) && fn.parent ? fn.parent : fn;
}

/** Can the option's value be `undefined` at run time (optional configuration)? */
function mayBeUndefined(context: RuleContext, fact: OptionFact, depth = 0): boolean {
  if (fact.state !== 'present') return false;
  if (fact.value.kind === 'fallback' && (fact.value.fallback.kind === 'undefined' || fact.value.fallback.kind === 'null')) return true;
  const expression = optionExpression(fact);
  return expression !== undefined && expressionMayBeUndefined(context, expression, depth);
}

function expressionMayBeUndefined(context: RuleContext, expression: syntax.Expression, depth: number): boolean {
  if (depth > 4) return false;
  const node = stripWrappers(expression);
  const absent = (e: syntax.Expression) => {
    const value = context.resolve(e);
    return value.kind === 'undefined' || value.kind === 'null';
  };
  if (syntax.isConditionalExpression(node)) return absent(node.whenTrue) || absent(node.whenFalse);
  if (syntax.isBinaryExpression(node) && (node.operatorToken.kind === syntax.SyntaxKind.BarBarToken || node.operatorToken.kind === syntax.SyntaxKind.QuestionQuestionToken))
    return absent(node.right);
  if ((syntax.isPropertyAccessExpression(node) || syntax.isElementAccessExpression(node)) && syntax.isOptionalChain(node)) return true;
  if (syntax.isIdentifier(node)) {
    const declaration = findDeclaration(node.text, node);
    if (declaration?.kind === 'parameter') return optionalParameterValue(declaration.node, declaration.steps, node.text);
    const variable = declaration?.node;
    if (variable && syntax.isVariableDeclaration(variable) && variable.initializer && syntax.isIdentifier(variable.name))
      return expressionMayBeUndefined(context, variable.initializer, depth + 1);
  }
  return false;
}

/**
 * A parameter that may be left out (`audience?: string`), or a setting destructured from an options parameter
 * (`{ clientId }`) that has no default and is optional in its type, or untyped (plain JavaScript options bags).
 */
function optionalParameterValue(parameter: syntax.ParameterDeclaration, steps: readonly unknown[], name: string): boolean {
  if (steps.length === 0) return parameter.questionToken !== undefined;
  if (!syntax.isObjectBindingPattern(parameter.name) || steps.length !== 1) return false;
  const element = parameter.name.elements.find((candidate) => syntax.isIdentifier(candidate.name) && candidate.name.text === name);
  if (!element || element.initializer) return false;
  const property = (element.propertyName ?? element.name).getText();
  const type = parameter.type;
  if (!type) return true;
  if (!syntax.isTypeLiteralNode(type)) return false;
  const member = type.members.find((candidate) => candidate.name?.getText() === property);
  return member !== undefined && syntax.isPropertySignature(member) && member.questionToken !== undefined;
}

export default defineRule({
  meta: {
    id: 'missing-audience-or-issuer',
    title: 'Verification does not check audience or issuer',
    description:
      'A token is verified without constraining its audience (`aud`) or its issuer (`iss`), or the expected value is taken from the request being authenticated. ' +
      "Tokens of another issuer (a JWKS URL, a provider's keys, Google, Apple, Facebook, Cognito, Auth0 and other well-known issuers, identity-provider SDKs) " +
      'must have their audience checked; tokens the service signs itself are not reported (see token-class-confusion).',
    rationale:
      'A valid signature only proves that some holder of the key issued the token. When one identity provider or signing key serves several ' +
      'applications or tenants, a token issued for another service (or by another issuer sharing the key set) is accepted here too. Taking the ' +
      'expected audience or issuer from the request (`req.headers.host`, a query parameter) lets the client choose what is checked.\n\n' +
      'Token classes decide what is enough:\n\n' +
      "- **Another issuer** (a JWKS URL, a provider's public keys, a well-known provider issuer, a key fetched from a discovery document's `jwks_uri` " +
      "or a realm's certificate endpoint, a key configured under a provider's name such as `KEYCLOAK_REALM_PUBLIC_KEY`): the issuer signs tokens for many applications, so " +
      "only the audience (this application's client id or API identifier) tells them apart. Checking `iss` alone, by hand or as an option, is not " +
      'enough, and neither is an `audience` option whose value may be `undefined` (optional configuration turns the check off).\n' +
      '- **Tokens this service signs itself** (its own HMAC secret, including per-user secrets, a key in a file that also signs tokens, the public half ' +
      'of a key pair whose private half signs in the module that exports it, the secret of a plugin or module registration whose sign calls are in other modules, ' +
      'or a member of what a project function hands out (`(await getKeys()).jwtKey`) that another module signs with): no other ' +
      'party can make them, so `aud` and `iss` add nothing and they are not reported. Keeping its own token classes apart (a type or purpose claim ' +
      'checked after verification, so that a password-reset token is not accepted as an access token) is what `token-class-confusion` checks.\n' +
      "- A verification whose key is random (`'' + Math.random()`) accepts no token at all and is not reported.\n" +
      "- A verification of proof-of-possession tokens only (`typ: 'dpop+jwt'`) is not reported: DPoP proofs carry `htm`/`htu`, not `aud`/`iss`.",
    remediation:
      "Pass the values this service expects as constants or configuration: `jwt.verify(token, key, { algorithms: ['RS256'], audience: " +
      "'https://api.example.com', issuer: 'https://auth.example.com/' })` or `jwtVerify(token, jwks, { issuer, audience })`, and fail at start-up when the " +
      'configured audience is missing. Never derive them from the incoming request.',
    level: 'note',
    precision: 'medium',
    securitySeverity: 4.3,
    cwe: [287, 345],
    references: ['https://datatracker.ietf.org/doc/html/rfc8725#section-3.8', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.9', 'https://cwe.mitre.org/data/definitions/287.html'],
    messages: {
      missing: '{{api}} verifies a token without checking its audience or issuer: pass `{{audience}}` and/or `{{issuer}}` with the values this service expects.',
      audienceRequired:
        "{{api}} verifies tokens of another issuer ({{evidence}}) without requiring this application's audience: {{why}}. Pass `{{audience}}` with this " +
        "application's client id or API identifier, always set.",
      fromRequest: '{{api}} takes the expected {{claim}} (`{{option}}`) from the request ({{source}}): the client chooses what is checked. Use a constant or configuration value.',
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n}\n" },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'], audience: 'https://api.example.com', issuer: 'https://auth.example.com/' });\n}\n",
      },
    },
    wrapperCalls:
      'A project function that leaves the verification options to its callers (`verifyAccess = (token, options) => jwt.verify(token, key, options)`), ' +
      'in the same module or another, is reported at each call that passes neither `audience` nor `issuer` (`verifyAccess(token)`), with the ' +
      'library call as a related location; calls that pass them are not, nor are calls whose options parameter defaults to them, nor a function ' +
      'that checks the claim by hand after verifying. A library call whose options are written inside the function is reported there.',
  },
  create(context) {
    return {
      verify(operation) {
        if (!operation.optionLocation('audience') && !operation.optionLocation('issuer')) return;
        // a random key accepts no token (a deny-all guard): no audience or issuer can matter
        if (verifiesWithRandomKey(operation, context.resolve)) return;
        // a proof-of-possession token (DPoP) names its audience by `htm`/`htu`, not `aud`/`iss` (RFC 9449 §4.2)
        if (verifiesProofOfPossession(operation)) return;
        const audience = operation.option('audience');
        const issuer = operation.option('issuer');
        // through a project function only options its caller passes (or leaves out) are reported at the call
        if (operation.via && !callerOf(audience) && !callerOf(issuer)) return;
        const optionPath = (fact: OptionFact, fallback: string): string => (fact.location.path?.length ? fact.location.path.join('.') : (fact.location.method ?? fallback));
        let fromRequest = false;
        for (const [claim, fact, fallback] of [
          ['audience', audience, 'audience'],
          ['issuer', issuer, 'issuer'],
        ] as const) {
          const origin = operation.via && !callerOf(fact) ? undefined : requestSource(context, fact);
          if (!origin) continue;
          fromRequest = true;
          context.report({
            at: operation.node,
            messageId: 'fromRequest',
            data: { api: operation.api, claim, option: optionPath(fact, fallback), source: `\`${origin.node.getText().slice(0, 60)}\`` },
            related: fact.state === 'present' ? [{ at: fact.node, message: `expected ${claim} taken from the request` }] : undefined,
          });
        }
        if (fromRequest) return;
        const byHand = claimsCheckedByHand(context, outcomeScope(operation.node), AUDIENCE_ISSUER);
        // through a project function, a check by hand after the library call inside it counts too
        if (operation.via) for (const [claim, check] of claimsCheckedByHand(context, outcomeScope(operation.via.node), AUDIENCE_ISSUER)) if (!byHand.has(claim)) byHand.set(claim, check);
        const handIssuer = byHand.get('iss')?.literal;
        const handProvider = handIssuer !== undefined ? providerOfIssuer(handIssuer) : undefined;
        const ownClass = context.issuerClass(operation);
        // a key written inside the project function tells the class when the call passes none
        const issuerClass = ownClass.kind === 'unknown' && operation.via && !operation.key ? context.issuerClass(operation.via) : ownClass;
        const audiencePath = optionPath(audience, 'audience');
        // Another issuer signs for many applications: only its audience tells this one apart.
        if (issuerClass.kind === 'foreign' || handProvider) {
          // through a project function whose library call knows the issuer by itself, an audience the caller cannot
          // pass is missing at that library call, which is reported there: once, not again at every call
          if (operation.via && !callerOf(audience) && ownClass.kind === 'unknown' && context.issuerClass(operation.via).kind === 'foreign') return;
          // a hand check against a value that may be undefined (`if (clientId && aud !== clientId)`) is optional too
          const handAudience = byHand.get('aud');
          if (audience.state === 'unknown' || (handAudience && !(handAudience.compared && expressionMayBeUndefined(context, handAudience.compared, 0)))) return;
          if (constrains(audience) && !mayBeUndefined(context, audience)) return;
          const evidence = issuerClass.kind === 'foreign' ? issuerClass.evidence : `${handProvider} issuer ${handIssuer}`;
          const why =
            constrains(audience) || handAudience
              ? 'its value may be undefined (optional configuration), which turns the check off'
              : constrains(issuer) || byHand.has('iss')
                ? 'the issuer check alone accepts tokens the issuer made for other applications'
                : 'any token that issuer made for another application is accepted';
          context.report({
            at: operation.node,
            messageId: 'audienceRequired',
            data: { api: operation.api, evidence, why, audience: audiencePath },
            related: issuerClass.kind === 'foreign' && issuerClass.node !== operation.node ? [{ at: issuerClass.node, message: 'tokens of another issuer' }] : undefined,
          });
          return;
        }
        // Tokens this service signs itself: nobody else holds the key, so aud and iss add nothing. Telling its own
        // token classes apart (a type claim checked after verification) is token-class-confusion's concern.
        if (issuerClass.kind === 'own') return;
        if (audience.state === 'unknown' || issuer.state === 'unknown') return;
        if (constrains(audience) || constrains(issuer) || byHand.size > 0) return;
        context.report({
          at: operation.node,
          messageId: 'missing',
          data: { api: operation.api, audience: audiencePath, issuer: optionPath(issuer, 'issuer') },
          steps: operation.via ? [{ at: stripWrappers(operation.node.expression), message: 'called without audience or issuer' }] : undefined,
        });
      },
    };
  },
});
