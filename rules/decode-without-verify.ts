import {
  encloses,
  argumentFor,
  defineRule,
  enclosingFunction,
  enclosingTry,
  onOtherBranches,
  findDeclaration,
  originSteps,
  referencesTo,
  stops,
  stripWrappers,
  syntax,
  type JwtOperation,
  type RuleContext,
} from '../src/engine/ruleApi.js';

function sameToken(context: RuleContext, a: syntax.Expression | undefined, b: syntax.Expression | undefined): boolean {
  if (!a || !b) return false;
  if (stripWrappers(a).getText() === stripWrappers(b).getText()) return true;
  const originA = context.requestOrigin(a);
  const originB = context.requestOrigin(b);
  return originA !== undefined && originB !== undefined && originA.node.getText() === originB.node.getText();
}

/** `req` in `req.headers.authorization`, `c` in `c.req.header('Authorization')`: the object a request read starts from. */
function rootObject(node: syntax.Node): string {
  let current = node;
  for (;;) {
    if (syntax.isPropertyAccessExpression(current) || syntax.isElementAccessExpression(current)) current = current.expression;
    else if (syntax.isCallExpression(current)) current = current.expression;
    else if (syntax.isParenthesizedExpression(current) || syntax.isNonNullExpression(current) || syntax.isAsExpression(current)) current = current.expression;
    else return current.getText();
  }
}

/**
 * Do two operations read the same token? Operations that read the token from the request they are called on
 * (`tokenRequest`) match each other by that request, and a token argument read from the same request object.
 */
function sameOperationToken(context: RuleContext, a: JwtOperation, b: JwtOperation): boolean {
  if (a.token && b.token) return sameToken(context, a.token, b.token);
  if (!a.tokenRequest && !b.tokenRequest) return false;
  const requestOf = (operation: JwtOperation): syntax.Node | undefined => operation.tokenRequest ?? (operation.token ? context.requestOrigin(operation.token)?.node : undefined);
  const requestA = requestOf(a);
  const requestB = requestOf(b);
  return requestA !== undefined && requestB !== undefined && rootObject(requestA) === rootObject(requestB);
}

/**
 * Walks up through `await`, wrappers and the branches of a conditional (`ok ? jwt.decode(t) : null`) to the
 * expression that holds the decode result.
 */
function resultHolder(node: syntax.Node): syntax.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    const wraps = syntax.isAwaitExpression(parent) || syntax.isParenthesizedExpression(parent) || syntax.isAsExpression(parent) || syntax.isNonNullExpression(parent);
    const branch = syntax.isConditionalExpression(parent) && parent.condition !== current;
    if (!wraps && !branch) return current;
    current = parent;
  }
}

/** The function a callee names in this file: a function declaration or a variable holding a function. */
function localFunction(callee: syntax.Expression): syntax.Node | undefined {
  const node = stripWrappers(callee);
  if (!syntax.isIdentifier(node)) return undefined;
  const declaration = findDeclaration(node.text, node);
  if (declaration?.kind === 'function') return declaration.node;
  const initializer = declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer ? stripWrappers(declaration.node.initializer) : undefined;
  return initializer && (syntax.isArrowFunction(initializer) || syntax.isFunctionExpression(initializer)) ? initializer : undefined;
}

/** Does a call verify its argument `token`: a verify operation, or a function of this file that verifies its parameter? */
function verifiesArgument(context: RuleContext, call: syntax.CallExpression, token: syntax.Expression): boolean {
  const index = call.arguments.findIndex((argument) => sameToken(context, argument, token));
  if (index < 0) return false;
  if (context.operationsAt(call).some((operation) => operation.kind === 'verify')) return true;
  const fn = localFunction(call.expression);
  return fn !== undefined && context.operations.some((operation) => operation.kind === 'verify' && enclosingFunction(operation.call) === fn);
}

/**
 * A decode inside a helper of this file whose token is the helper's parameter (`const decode = (t) => jws.decode(t)`):
 * the token comes from the helper's callers. True when every caller that passes a request token verifies that token
 * first in its own function, or right before the call (`verify(tokenOf(req)) && decode(tokenOf(req))`).
 */
function callersVerify(context: RuleContext, operation: JwtOperation): boolean {
  const token = operation.token ? stripWrappers(operation.token) : undefined;
  const fn = enclosingFunction(operation.call);
  if (!token || !syntax.isIdentifier(token)) return false;
  const parameter = findDeclaration(token.text, token);
  if (parameter?.kind !== 'parameter' || parameter.steps.length > 0 || parameter.node.parent !== fn) return false;
  const holder = syntax.isFunctionDeclaration(fn) ? fn : syntax.isVariableDeclaration(fn.parent) ? fn.parent : undefined;
  const name = holder?.name && syntax.isIdentifier(holder.name) ? holder.name.text : undefined;
  if (!holder || !name) return false;
  let requestCalls = 0;
  for (const reference of referencesTo(fn.getSourceFile(), name, holder)) {
    const call = reference.parent;
    if (!syntax.isCallExpression(call) || call.expression !== reference) return false; // passed around: its calls cannot be seen
    const argument = argumentFor(call, parameter.node.parent, parameter.index);
    if (!argument || !context.requestOrigin(argument)) continue;
    requestCalls += 1;
    let guard: syntax.Node = call;
    while (syntax.isParenthesizedExpression(guard.parent) || syntax.isAwaitExpression(guard.parent)) guard = guard.parent;
    const and = guard.parent;
    const guarded =
      syntax.isBinaryExpression(and) &&
      and.operatorToken.kind === syntax.SyntaxKind.AmpersandAmpersandToken &&
      and.right === guard &&
      syntax.isCallExpression(stripWrappers(and.left)) &&
      verifiesArgument(context, stripWrappers(and.left) as syntax.CallExpression, argument);
    const scope = enclosingFunction(call);
    const before = context.operations.some(
      (other) =>
        other.kind === 'verify' &&
        enclosingFunction(other.call) === scope &&
        other.token !== undefined &&
        sameToken(context, other.token, argument) &&
        other.call.getStart() < call.getStart(),
    );
    if (!guarded && !before) return false;
  }
  return requestCalls > 0;
}

interface ResultUse {
  node: syntax.Node;
  /** The use reads no claims: the header, or (`presenceTest`) a test that anything was decoded. */
  headerOnly: boolean;
  presenceTest?: boolean;
}

function isHeaderAccess(node: syntax.Node): boolean {
  const parent = node.parent;
  return (
    (syntax.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'header') ||
    (syntax.isElementAccessExpression(parent) && parent.expression === node && syntax.isStringLiteralLike(parent.argumentExpression) && parent.argumentExpression.text === 'header')
  );
}

/**
 * Does this reference only test whether the decode returned anything (`!decoded`, `decoded === null`,
 * `typeof decoded`, `if (decoded)`, `decoded && ...`)? That reads no claim.
 */
function testsPresence(node: syntax.Node): boolean {
  let current = node;
  while (syntax.isParenthesizedExpression(current.parent) || syntax.isNonNullExpression(current.parent) || syntax.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if ((syntax.isPrefixUnaryExpression(parent) && parent.operator === syntax.SyntaxKind.ExclamationToken) || syntax.isTypeOfExpression(parent)) return true;
  if ((syntax.isIfStatement(parent) && parent.expression === current) || (syntax.isConditionalExpression(parent) && parent.condition === current)) return true;
  if (!syntax.isBinaryExpression(parent)) return false;
  const operator = parent.operatorToken.kind;
  if ((operator === syntax.SyntaxKind.AmpersandAmpersandToken || operator === syntax.SyntaxKind.BarBarToken) && parent.left === current) return true;
  if (!syntax.isEqualityOperator(operator)) return false;
  const other = stripWrappers(parent.left === current ? parent.right : parent.left);
  return syntax.isNullOrUndefined(other);
}

/** Only return, throw and continuations called with an error end a path here (no framework's response methods). */
const PLAIN_STOPS = { stopMethods: new Set<string>(), stopProperties: new Set<string>() };

/**
 * Does this read of a claim only turn away a token that lacks it (`if (!sub) return res.sendStatus(400)`,
 * `if (claims.sub === undefined) throw …`)? Such a test trusts nothing: the token still has to pass the
 * verification that follows.
 */
function rejectsWhenMissing(node: syntax.Node): boolean {
  let current = node;
  while (syntax.isParenthesizedExpression(current.parent) || syntax.isNonNullExpression(current.parent) || syntax.isAsExpression(current.parent)) current = current.parent;
  let test = current.parent;
  if (syntax.isBinaryExpression(test) && syntax.isEqualsOperator(test.operatorToken.kind)) {
    const other = stripWrappers(test.left === current ? test.right : test.left);
    if (!syntax.isNullOrUndefined(other)) return false;
  } else if (!(syntax.isPrefixUnaryExpression(test) && test.operator === syntax.SyntaxKind.ExclamationToken)) return false;
  // `if (!sub || !iat) …`: any missing claim rejects
  while (syntax.isBinaryExpression(test.parent) && test.parent.operatorToken.kind === syntax.SyntaxKind.BarBarToken) test = test.parent;
  const statement = test.parent;
  return syntax.isIfStatement(statement) && statement.expression === test && !statement.elseStatement && stops(statement.thenStatement, PLAIN_STOPS);
}

/** Names bound by destructuring the decoded claims whose every read only rejects a token that lacks the claim. */
function onlyRejectsMissing(declaration: syntax.VariableDeclaration, pattern: syntax.ObjectBindingPattern): boolean {
  const scope = enclosingFunction(declaration);
  return pattern.elements.every((element) => {
    if (!syntax.isIdentifier(element.name) || element.dotDotDotToken) return false;
    const reads = referencesTo(scope, element.name.text, declaration).filter((reference) => !syntax.isBindingElement(reference.parent));
    return reads.every(rejectsWhenMissing);
  });
}

/** Where the decoded value is read: member reads on the call, destructuring, or references to the variable holding it. */
function usesOfResult(operation: JwtOperation): ResultUse[] {
  const holder = resultHolder(operation.call);
  const parent = holder.parent;
  if (syntax.isPropertyAccessExpression(parent) || syntax.isElementAccessExpression(parent)) return [{ node: parent, headerOnly: isHeaderAccess(holder) }];
  // `decoded = jwt.decode(...)` into a variable declared earlier: its reads after the assignment
  if (syntax.isBinaryExpression(parent) && parent.operatorToken.kind === syntax.SyntaxKind.EqualsToken && parent.right === holder && syntax.isIdentifier(parent.left)) {
    const declaration = findDeclaration(parent.left.text, parent.left);
    if (declaration?.kind !== 'variable' || declaration.steps.length > 0) return [{ node: holder, headerOnly: false }];
    return referencesAfter(declaration.node, parent.left.text, parent);
  }
  // `if (jws.decode(token))`, `jws.decode(token) ? … : null`: only tested for presence
  if (testsPresence(holder)) return [{ node: holder, headerOnly: true, presenceTest: true }];
  if (!syntax.isVariableDeclaration(parent) || parent.initializer !== holder) return parent && syntax.isExpressionStatement(parent) ? [] : [{ node: holder, headerOnly: false }];
  if (syntax.isObjectBindingPattern(parent.name)) {
    const names = parent.name.elements.map((element) => (element.propertyName ?? element.name).getText());
    if (onlyRejectsMissing(parent, parent.name)) return [{ node: parent, headerOnly: true, presenceTest: true }];
    return [{ node: parent, headerOnly: names.every((name) => name === 'header') }];
  }
  if (!syntax.isIdentifier(parent.name)) return [{ node: parent, headerOnly: false }];
  return referencesAfter(parent, parent.name.text, parent);
}

/** `decoded.sub` read only to turn away a token without it. */
function claimRejectsWhenMissing(node: syntax.Node): boolean {
  const parent = node.parent;
  return syntax.isPropertyAccessExpression(parent) && parent.expression === node && rejectsWhenMissing(parent);
}

/** Reads of the variable declared by `declaration`, after `after`, in its function (assignments to it are not reads). */
function referencesAfter(declaration: syntax.VariableDeclaration, name: string, after: syntax.Node): ResultUse[] {
  const scope = enclosingFunction(after);
  const uses: ResultUse[] = [];
  const stack: syntax.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (syntax.isIdentifier(node) && node.text === name && node !== declaration.name && node.pos > after.end) {
      const parent = node.parent;
      const assigned = syntax.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === syntax.SyntaxKind.EqualsToken;
      // a presence test reads no claims either
      if (!assigned && findDeclaration(name, node)?.node === declaration)
        uses.push(testsPresence(node) || claimRejectsWhenMissing(node) ? { node, headerOnly: true, presenceTest: true } : { node, headerOnly: isHeaderAccess(node) });
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return uses;
}

/** Is `call` in the `catch` block of a `try` whose block holds `decode`? It runs only when that path failed: no check of its claims. */
function fallbackOf(call: syntax.Node, decode: syntax.Node): boolean {
  for (let attempt = enclosingTry(decode); attempt; attempt = enclosingTry(attempt)) {
    const handler = attempt.catchClause?.block;
    if (handler && encloses(handler, call)) return true;
  }
  return false;
}

/** Is the decode inside the key argument (a key resolver function) of a verification of the same token? */
function inKeyResolverOf(context: RuleContext, operation: JwtOperation): boolean {
  return context.operations.some((other) => {
    if (other.kind !== 'verify' || !other.key || other === operation) return false;
    const key = stripWrappers(other.key);
    return encloses(key, operation.call) && (syntax.isArrowFunction(key) || syntax.isFunctionExpression(key)) && sameOperationToken(context, other, operation);
  });
}

/** `jwt.decode(token, secret)`: a key where the library expects options. */
function decodeWithKey(context: RuleContext, operation: JwtOperation): syntax.Expression | undefined {
  const optionsIndex = operation.decodeOptionsArg;
  if (optionsIndex === undefined || !syntax.isCallExpression(operation.node)) return undefined;
  const argument = operation.node.arguments[optionsIndex];
  if (!argument) return undefined;
  const value = context.resolve(argument);
  if (value.kind === 'string' || value.kind === 'bytes' || value.kind === 'env' || value.kind === 'fallback') return argument;
  if (value.kind === 'unknown' && /secret|key|cert|pem/i.test(stripWrappers(argument).getText())) return argument;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'decode-without-verify',
    title: 'Token from a request decoded and trusted without verification',
    description: 'Server code decodes a token taken from an incoming request and uses its claims without verifying its signature first.',
    rationale:
      'Decoding only base64-decodes the token: anyone can write any claims into it. Using the claims of a request token (user id, role, ' +
      'tenant) before `verify` has checked the signature lets a client impersonate any user. `jwt.decode(token, secret)` looks like ' +
      'verification but ignores the secret entirely.\n\n' +
      'Not reported (silently: the claims come from a token whose signature was checked): a handler, or a helper every guarded handler ' +
      'calls with its request, that re-reads the claims of the request token a route guard has already verified. A route guard is a route ' +
      "middleware (`app.get('/me', auth, handler)`, `router.use(auth)` before the route; the handler may be a function or a controller " +
      "instance's method imported from another module of the package) whose code verifies a token of the request and stops " +
      'the request when verification fails, or a NestJS `@UseGuards(Guard)` on the method or controller whose `canActivate` does, or ' +
      "@nestjs/passport `AuthGuard('name')` when a verifying strategy (passport-jwt) is registered under that name. A parameter decorator " +
      'made by `createParamDecorator` reads the request of the handlers that use it. A middleware that only logs, one that calls `next()` ' +
      'when verification fails, a guard on another route, or a guard that verifies another field of the request does not count.',
    remediation:
      "Verify the token with the library's verification function and read claims only from its result: " +
      "`const claims = jwt.verify(token, key, { algorithms: ['RS256'] })` or `const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] })`. " +
      'Decoding the header only, to pick a key, is fine when verification follows, and so is a decode inside the key resolver of the ' +
      'verification of the same token (`jwtVerify(t, async (header) => keyFor(decodeJwt(t).iss))`), claims only written to a log line ' +
      '(`console.log(`${remainingSeconds(t)}s left`)`), and reading a claim only to turn away a ' +
      'token that lacks it (`const { sub } = jwt.decode(t); if (!sub) return res.sendStatus(400)`) before the verification decides.',
    level: 'error',
    precision: 'high',
    securitySeverity: 8.1,
    cwe: [345, 347],
    references: ['https://cwe.mitre.org/data/definitions/345.html', 'https://github.com/auth0/node-jsonwebtoken#jwtdecodetoken--options'],
    wrapperCalls:
      'A project function of another module that decodes its parameter (`export const claimsOf = (t) => jwt.decode(t)`) is a decode ' +
      'at each of its calls: a request token passed to it (`claimsOf(req.headers.authorization)`) is reported at that call, where the ' +
      'token enters, with the decode call as a related location, unless the caller verifies the same token. A function that decodes ' +
      'its token parameter only to find the key (the user whose secret) and then verifies that same token is a verifying helper: its ' +
      'calls are not reported, unless a `return` between the decode and the verification can hand out decoded claims, or it verifies ' +
      'another token. A key passed where options belong is reported at the decode call itself. A function that reads the token out of ' +
      'a parameter (`getContext(headers)` decoding `headers.authorization`, or a destructured `{ token }`) and is called from other ' +
      'modules with request data (`getContext(req.headers)`, also a copy such as `{ ...request.headers }`) is reported at its own ' +
      'decode call: its callers in the other modules of its package, then of the rest of the scanned tree (sibling workspace ' +
      'packages), are followed, at most 24 files of them.',
    messages: {
      unverified: '{{api}} decodes a token from the request ({{source}}) but the token is never verified here: verify it and use the verified claims.',
      claimsBeforeVerify: 'Claims decoded by {{api}} are used before the token is verified: read claims only from the result of verification.',
      decodeWithKey: '{{api}} does not verify the token: the key passed as second argument is ignored. Use the verification function instead.',
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function currentUser(req: any) {\n  const claims = jwt.decode(req.headers.authorization.split(' ')[1]) as { sub: string };\n  return claims.sub;\n}\n",
      },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function currentUser(req: any, key: string) {\n  const claims = jwt.verify(req.headers.authorization.split(' ')[1], key, { algorithms: ['RS256'] }) as { sub: string };\n  return claims.sub;\n}\n",
      },
    },
  },
  create(context) {
    // what the file writes to logs, and the unverified decodes to report once the whole file is seen
    const logged: syntax.Expression[] = [];
    const unverified: { uses: ResultUse[]; report: () => void }[] = [];
    return {
      tokenSink(sink) {
        if (sink.kind === 'log' && !sink.via) logged.push(...sink.values);
      },
      endFile() {
        // claims that only become text in a log line (`console.log(`${remainingSeconds(t)}s left`)`) are trusted by nothing
        const inLog = (node: syntax.Node): boolean => logged.some((value) => encloses(value, node));
        for (const { uses, report } of unverified) if (uses.length === 0 || !uses.every((use) => inLog(use.node))) report();
      },
      decode(operation) {
        if (!operation.via && decodeWithKey(context, operation)) {
          context.report({ at: operation.node, messageId: 'decodeWithKey', data: { api: operation.api } });
          return;
        }
        if (operation.decodes === 'header') return;
        const origin = operation.token ? context.requestOrigin(operation.token) : operation.tokenRequest ? { node: operation.tokenRequest } : undefined;
        if (!origin) return;
        const uses = usesOfResult(operation);
        // Only the header is read (a null check aside): no claim is trusted. A decode that is only tested for
        // presence still lets any decodable token through, so it needs a header read to count.
        if (uses.some((use) => use.headerOnly && !use.presenceTest) && uses.every((use) => use.headerOnly)) return;
        // the decode call itself (for a factory-made decoder, its call rather than the factory): where the claims enter
        const scope = enclosingFunction(operation.call);
        // a project function that also verifies the token it decodes is no decode at its calls (function summaries); one
        // that still decodes at a call has a verification that does not cover the decode, so the call is not its own verifier
        // (nor is a verification in the catch block of the try that holds the decode: it runs only when that path failed)
        const verifications = context.operations.filter(
          (other) =>
            other.kind === 'verify' &&
            enclosingFunction(other.call) === scope &&
            sameOperationToken(context, other, operation) &&
            !(operation.via && other.node === operation.node) &&
            !fallbackOf(other.call, operation.call) &&
            // `if (isCustomAuth) verify(token) else decode(token)`: the other branch's verification never covers this decode
            !onOtherBranches(other.call, operation.call),
        );
        const related = operation.node === operation.call ? [] : [{ at: operation.node, message: `decoder made by ${operation.api}` }];
        // `jwtVerify(token, async (header) => keyFor(decodeJwt(token).iss))`: a decode inside the key resolver of the
        // verification of the same token picks the key; that verification decides
        if (verifications.length === 0 && inKeyResolverOf(context, operation)) return;
        if (verifications.length === 0) {
          if (!operation.via && callersVerify(context, operation)) return;
          // the handler re-reads the claims of a request token its route guard verified (and stops when it fails)
          if (context.guardOf(origin.node, operation.token ?? operation.tokenRequest)) return;
          const steps = 'kind' in origin ? originSteps(origin, { at: operation.call, message: `decoded by ${operation.api}` }) : undefined;
          const data = { api: operation.api, source: origin.node.getText().slice(0, 60) };
          unverified.push({ uses, report: context.later(() => context.report({ at: operation.call, messageId: 'unverified', data, related, steps })) });
          return;
        }
        const firstVerification = Math.min(...verifications.map((v) => v.call.getStart()));
        if (uses.some((use) => !use.headerOnly && use.node.getStart() < firstVerification)) {
          context.report({ at: operation.call, messageId: 'claimsBeforeVerify', data: { api: operation.api }, related });
        }
      },
    };
  },
});
