import {
  calleeName,
  codeFollows,
  defineRule,
  FAILURE_RESPONSE_METHODS,
  enclosingTry,
  findDeclaration,
  holderOf,
  referencesTo,
  stops,
  stripWrappers,
  syntax,
  walkInFunction,
  type JwtOperation,
  type RuleContext,
  type StopSettings,
} from '../src/engine/ruleApi.js';

interface Settings extends StopSettings {
  logMethods: ReadonlySet<string>;
  /** Report a continuing `catch` even when the `try` records the verified result for later code. */
  reportWhenOutcomeRecorded: boolean;
}

type FunctionNode = syntax.ArrowFunction | syntax.FunctionExpression | syntax.FunctionDeclaration | syntax.MethodDeclaration;

/** `null`, `undefined`, `void 0`, or `'undefined'` compared with a `typeof`: the value is absent. */
function isNullish(node: syntax.Expression, compared: syntax.Node): boolean {
  const e = stripWrappers(node);
  if (syntax.isNullOrUndefined(e) || syntax.isVoidExpression(e)) return true;
  return syntax.isTypeOfExpression(compared) && syntax.isStringLiteralLike(e) && e.text === 'undefined';
}

/**
 * The condition (and its statement) an expression sits in, looking through `!`, comparisons, `&&`/`||`,
 * property reads and `typeof`. `negated` is true when the condition holds where the value is ABSENT
 * (`!err`, `err === null`, `err == undefined`, `typeof err === 'undefined'`); `!==`/`!=` with anything
 * else than null or undefined count as negations too (`err.name !== 'TokenExpiredError'`).
 */
function enclosingCondition(node: syntax.Node): { statement: syntax.IfStatement | syntax.ConditionalExpression; negated: boolean } | undefined {
  let current: syntax.Node = node;
  let negated = false;
  for (;;) {
    const parent: syntax.Node = current.parent;
    if (!parent) return undefined;
    if (syntax.isPrefixUnaryExpression(parent) && parent.operator === syntax.SyntaxKind.ExclamationToken) negated = !negated;
    else if (
      syntax.isParenthesizedExpression(parent) ||
      syntax.isAsExpression(parent) ||
      syntax.isNonNullExpression(parent) ||
      syntax.isBinaryExpression(parent) ||
      syntax.isPropertyAccessExpression(parent) ||
      syntax.isTypeOfExpression(parent)
    ) {
      if (syntax.isBinaryExpression(parent)) {
        const op = parent.operatorToken.kind;
        const other = parent.left === current ? parent.right : parent.left;
        if (syntax.isEqualityOperator(op)) {
          if (isNullish(other, current) ? syntax.isEqualsOperator(op) : syntax.isNotEqualsOperator(op)) negated = !negated;
        }
      }
    } else if (syntax.isIfStatement(parent) && parent.expression === current) return { statement: parent, negated };
    else if (syntax.isConditionalExpression(parent) && parent.condition === current) return { statement: parent, negated };
    else return undefined;
    current = parent;
  }
}

/** Does this reference to the error parameter handle the error (rather than only log it or test it without stopping)? */
function handlesError(reference: syntax.Identifier, settings: Settings): boolean {
  const condition = enclosingCondition(reference);
  if (condition) {
    if (syntax.isConditionalExpression(condition.statement)) return true;
    const statement = condition.statement;
    // `if (!err) { ...success... }` keeps the success path inside the branch
    if (condition.negated || statement.elseStatement) return true;
    return stops(statement.thenStatement, settings);
  }
  // `err`, `err.message`, `'bad token: ' + err.message`, `${err}`: the text of the error, as a call's argument
  const used = errorText(reference);
  const parent = used.parent;
  if (syntax.isCallExpression(parent) && parent.arguments.some((argument) => argument === used)) {
    const name = calleeName(parent);
    return !(name !== undefined && settings.logMethods.has(name));
  }
  return true;
}

/** The largest expression around an error reference that is only its text: its members, a concatenation, a template. */
function errorText(reference: syntax.Node): syntax.Node {
  let used = reference;
  for (;;) {
    const parent = used.parent;
    const member = (syntax.isPropertyAccessExpression(parent) || syntax.isElementAccessExpression(parent)) && parent.expression === used;
    const text =
      syntax.isTemplateSpan(parent) ||
      syntax.isTemplateExpression(parent) ||
      syntax.isParenthesizedExpression(parent) ||
      (syntax.isBinaryExpression(parent) && parent.operatorToken.kind === syntax.SyntaxKind.PlusToken);
    if (!member && !text) return used;
    used = parent;
  }
}

/**
 * Is the result parameter tested before use: in a condition (`if (!decoded) ...`, `decoded ? ... : ...`,
 * `if (decoded && ...)`, `if (decoded?.sub)`), or as the left side of a `&&` statement (`decoded && next()`)?
 * A plain property read (`decoded.sub`) is a use, not a test.
 */
function resultTested(reference: syntax.Identifier): boolean {
  let current: syntax.Node = reference;
  for (;;) {
    const parent: syntax.Node = current.parent;
    if (syntax.isPropertyAccessExpression(parent) || syntax.isElementAccessExpression(parent)) {
      if (parent.expression !== current || !syntax.isOptionalChain(parent)) return false;
    } else if (syntax.isBinaryExpression(parent) && parent.operatorToken.kind === syntax.SyntaxKind.AmpersandAmpersandToken && parent.left === current) {
      let statement: syntax.Node = parent.parent;
      while (syntax.isParenthesizedExpression(statement)) statement = statement.parent;
      if (syntax.isExpressionStatement(statement)) return true;
    } else if (!syntax.isParenthesizedExpression(parent) && !syntax.isNonNullExpression(parent) && !syntax.isAsExpression(parent)) break;
    current = parent;
  }
  const condition = enclosingCondition(reference);
  return condition !== undefined;
}

function functionOf(context: RuleContext, expression: syntax.Expression): FunctionNode | undefined {
  const value = context.resolve(expression);
  if (value.kind !== 'function') return undefined;
  const node = value.node;
  if (syntax.isArrowFunction(node) || syntax.isFunctionExpression(node) || syntax.isFunctionDeclaration(node) || syntax.isMethodDeclaration(node)) return node.body ? node : undefined;
  return undefined;
}

/**
 * The result callback of a verification: the modeled callback argument, or a function passed last when
 * optional arguments before it are left out (`verify(token, key, (err, claims) => ...)`).
 */
function callbackOf(context: RuleContext, operation: JwtOperation): FunctionNode | undefined {
  const callback = operation.callback ?? operation.earlyCallback;
  return callback ? functionOf(context, callback) : undefined;
}

/** Declarations that hold the verification result (`const claims = verify(...)`, `const { payload } = await jwtVerify(...)`). */
function resultDeclarations(operation: JwtOperation): syntax.Node[] {
  const { holder } = holderOf(operation.call);
  const parent = holder.parent;
  if (!syntax.isVariableDeclaration(parent) || parent.initializer !== holder) return [];
  const out: syntax.Node[] = [];
  const collect = (name: syntax.BindingName): void => {
    if (syntax.isIdentifier(name)) out.push(parent);
    else for (const element of name.elements) if (!syntax.isOmittedExpression(element)) collect(element.name);
  };
  collect(parent.name);
  return out;
}

/** Does the subtree mention the verification call or a variable holding its result? */
function mentionsResult(node: syntax.Node, operation: JwtOperation, holders: readonly syntax.Node[]): boolean {
  let found = false;
  const visit = (current: syntax.Node): void => {
    if (found) return;
    if (current === operation.call) found = true;
    else if (syntax.isIdentifier(current) && holders.length > 0) {
      const declaration = findDeclaration(current.text, current);
      if (declaration && holders.includes(declaration.node)) found = true;
    }
    if (!found) current.forEachChild(visit);
  };
  visit(node);
  return found;
}

/**
 * Does the code record its outcome where the following code can look at it: an assignment to a variable
 * declared outside `scope` or to a property, a return, or (with `operation`) the result passed on to a call?
 */
function recordsOutcome(block: syntax.Node, scope: syntax.Node, settings: Settings, operation?: JwtOperation): boolean {
  const holders = operation ? resultDeclarations(operation) : [];
  let found = false;
  walkInFunction(block, (node) => {
    if (found) return true;
    if (operation && node === operation.call) return true;
    if (operation && (syntax.isReturnStatement(node) || syntax.isThrowStatement(node))) found = true;
    else if (syntax.isBinaryExpression(node) && syntax.isAssignmentOperator(node.operatorToken.kind)) {
      const left = stripWrappers(node.left);
      if (!syntax.isIdentifier(left)) found = true;
      else {
        const declaration = findDeclaration(left.text, left);
        if (!declaration || declaration.node.pos < scope.pos || declaration.node.end > scope.end) found = true;
      }
    } else if (operation && syntax.isCallExpression(node) && node.arguments.length > 0) {
      const name = calleeName(node);
      if (!(name !== undefined && settings.logMethods.has(name)) && node.arguments.some((argument) => mentionsResult(argument, operation, holders))) found = true;
    }
    return found;
  });
  return found;
}

/** Declared outside `meta` so that the listener helpers below take a context typed by these message ids. */
const MESSAGES = {
  callbackIgnoresError:
    '{{api}} passes verification errors to a callback that never checks `{{error}}`: the request goes on even when the token is invalid. Return an error response when `{{error}}` is set.',
  callbackCallerContinues:
    '{{api}} reports a failed verification to its callback, but the code after the call runs anyway: a `return` in the callback only leaves the callback. Move that code into the callback, after the error check, or verify synchronously.',
  callbackWithoutError: '{{api}} calls back with the verification error first, but the callback takes no parameters and checks nothing: handle the error.',
  notAwaited: '{{api}} returns a promise that is neither awaited nor used: a failed verification cannot stop anything. `await` it and use its result.',
  catchContinues: '{{api}} fails inside a `try` whose `catch` neither returns, throws nor sends an error response: execution continues as if the token were valid.',
  promiseCatchContinues: '{{api}} rejections are caught by a handler that neither rethrows nor stops the request: execution continues as if the token were valid.',
  middlewareContinues:
    '{{api}} is configured with `{{option}}: true`: a request with a missing, forged or expired token goes on to the next handler as if it were ' +
    'authenticated unless every handler checks for the verified user. Remove the option, or add an explicit check after the middleware.',
  booleanIgnored:
    '{{api}} returns `false` for an invalid token instead of throwing, and the result is never tested: the request goes on whatever the signature. Stop when it returns `false`.',
} as const;

type Context = RuleContext<typeof MESSAGES>;

/** The performing call, when the finding is reported elsewhere (at a verifier factory). */
function performedAt(operation: JwtOperation): { at: syntax.Node; message: string }[] {
  return operation.call === operation.node ? [] : [{ at: operation.call, message: 'verification call' }];
}

/** A result callback must look at its error (or test its result before use). True when a finding was reported. */
function checkCallback(context: Context, settings: Settings, operation: JwtOperation, callback: FunctionNode): boolean {
  const [errorParameter, resultParameter] = callback.parameters;
  if (!errorParameter) {
    context.report({
      at: operation.node,
      messageId: 'callbackWithoutError',
      data: { api: operation.api },
      related: [...performedAt(operation), { at: callback, message: 'result callback' }],
    });
    return true;
  }
  if (!syntax.isIdentifier(errorParameter.name) || errorParameter.dotDotDotToken || !callback.body) return false;
  const name = errorParameter.name.text;
  if (referencesTo(callback.body, name, errorParameter).some((reference) => handlesError(reference, settings))) return false;
  if (resultParameter && syntax.isIdentifier(resultParameter.name)) {
    const resultName = resultParameter.name.text;
    if (referencesTo(callback.body, resultName, resultParameter).some(resultTested)) return false;
  }
  context.report({
    at: operation.node,
    messageId: 'callbackIgnoresError',
    data: { api: operation.api, error: name },
    related: [...performedAt(operation), { at: errorParameter, message: 'error parameter' }],
  });
  return true;
}

/**
 * The callback handles the error, but the function that called the verification goes on after the call: it responds,
 * calls its continuation or signs a token whatever the callback found. Not when the callback records its outcome
 * (`req.user = claims`, a flag) for the code after it to test.
 */
function checkCallerContinues(context: Context, settings: Settings, operation: JwtOperation, callback: FunctionNode): void {
  const statement = holderOf(operation.call).holder.parent;
  // the callback means to stop (a return, `next(err)`, an error response) but stops only itself
  if (!statement || !syntax.isExpressionStatement(statement) || !callback.body || !stops(callback.body, settings) || writesOutside(callback)) return;
  // a `throw` in the callback leaves the caller too (jsonwebtoken calls back synchronously)
  let throws = false;
  walkInFunction(callback.body, (node) => (throws ||= syntax.isThrowStatement(node)));
  if (throws) return;
  const signs = context.operations.filter((other) => other.kind === 'sign').map((other) => other.call);
  const proceedsAt = (node: syntax.Node): boolean => {
    if (syntax.isReturnStatement(node))
      return (
        node.expression !== undefined &&
        syntax.isCallExpression(stripWrappers(node.expression)) &&
        !FAILURE_RESPONSE_METHODS.has(calleeName(stripWrappers(node.expression) as syntax.CallExpression) ?? '')
      );
    if (!syntax.isCallExpression(node)) return false;
    const name = calleeName(node);
    const callee = stripWrappers(node.expression);
    const continuation = syntax.isIdentifier(callee) && node.arguments.length === 0 && findDeclaration(callee.text, callee)?.kind === 'parameter';
    const responds = syntax.isPropertyAccessExpression(callee) && name !== undefined && settings.stopMethods.has(name) && !FAILURE_RESPONSE_METHODS.has(name);
    return continuation || responds || signs.includes(node);
  };
  let proceeds: syntax.Node | undefined;
  for (const later of statementsAfter(statement)) {
    walkInFunction(later, (node) => {
      if (!proceeds && proceedsAt(node)) proceeds = node;
      return proceeds !== undefined;
    });
    if (proceeds) break;
  }
  if (!proceeds) return;
  context.report({
    at: operation.node,
    messageId: 'callbackCallerContinues',
    data: { api: operation.api },
    related: [...performedAt(operation), { at: proceeds, message: 'runs whatever the verification found' }],
  });
}

/** Does the callback write a variable or an object of the code around it (`req.user = claims`, `valid = true`), for that code to test? */
function writesOutside(callback: FunctionNode): boolean {
  let found = false;
  walkInFunction(callback.body!, (node) => {
    if (found || !syntax.isBinaryExpression(node) || !syntax.isAssignmentOperator(node.operatorToken.kind)) return found;
    let target: syntax.Node = stripWrappers(node.left);
    while (syntax.isPropertyAccessExpression(target) || syntax.isElementAccessExpression(target)) target = stripWrappers(target.expression);
    const declaration = syntax.isIdentifier(target) ? findDeclaration(target.text, target) : undefined;
    found = !declaration || declaration.node.pos < callback.pos || declaration.node.end > callback.end;
    return found;
  });
  return found;
}

/** The statements that run after `statement` in its function: the rest of its block, then of each enclosing block. */
function statementsAfter(statement: syntax.Node): syntax.Node[] {
  const found: syntax.Node[] = [];
  let current: syntax.Node = statement;
  while (current.parent && !syntax.isFunctionLike(current.parent) && !syntax.isSourceFile(current.parent)) {
    const parent: syntax.Node = current.parent;
    if (syntax.isBlock(parent)) found.push(...parent.statements.slice(parent.statements.findIndex((each) => each === current) + 1));
    current = parent;
  }
  return found;
}

/** A `catch` around the verification must stop the request, unless the outcome is recorded for later code. */
function checkTry(context: Context, settings: Settings, operation: JwtOperation): void {
  const tryStatement = enclosingTry(operation.call);
  const clause = tryStatement?.catchClause;
  if (!tryStatement || !clause) return;
  if (stops(clause.block, settings)) return;
  if (codeFollows(tryStatement) !== true) return;
  if (!settings.reportWhenOutcomeRecorded && recordsOutcome(tryStatement.tryBlock, tryStatement.tryBlock, settings, operation)) return;
  if (recordsOutcome(clause.block, clause, settings)) return;
  context.report({
    at: operation.node,
    messageId: 'catchContinues',
    data: { api: operation.api },
    related: [...performedAt(operation), { at: clause, message: 'catch that lets execution continue' }],
  });
}

/** A verification that returns false for an invalid token: its result must be tested (or handed on). */
function checkBoolean(context: Context, operation: JwtOperation): void {
  const { holder } = holderOf(operation.call);
  const parent = holder.parent;
  const statement = syntax.isVoidExpression(parent) ? parent.parent : parent;
  if (syntax.isExpressionStatement(statement)) {
    context.report({ at: operation.node, messageId: 'booleanIgnored', data: { api: operation.api }, related: performedAt(operation) });
    return;
  }
  if (!syntax.isVariableDeclaration(parent) || parent.initializer !== holder || !syntax.isIdentifier(parent.name)) return;
  let scope: syntax.Node = parent;
  while (scope.parent && !syntax.isFunctionLike(scope) && !syntax.isSourceFile(scope)) scope = scope.parent;
  if (referencesTo(scope, parent.name.text, parent).length > 0) return;
  context.report({ at: operation.node, messageId: 'booleanIgnored', data: { api: operation.api }, related: [...performedAt(operation), { at: parent.name, message: 'result never read' }] });
}

export default defineRule({
  meta: {
    id: 'verify-result-ignored',
    title: 'Outcome of JWT verification does not stop the request',
    description:
      'A verification fails but the code goes on as if it had succeeded: a callback that never looks at its error, an asynchronous verification that ' +
      'is neither awaited nor used, a `catch` that only logs and lets execution continue, a verification that returns `false` whose result is never tested, or authentication middleware configured to pass failed requests on. ' +
      'A callback that stops on its error stops only itself: when the function that called the verification goes on after the call (responds, ' +
      'calls `next()` or signs a token) and the callback records nothing for that code to test, the request proceeds whatever the callback found.',
    rationale:
      'Verification libraries report a bad signature, an expired token or a wrong audience by passing an error to the callback, rejecting the promise, ' +
      'throwing, or by returning `false`. Code that ignores that signal serves the request anyway: every forged or expired token is accepted, while the call to `verify` ' +
      'makes the code look protected.',
    remediation:
      'Stop on failure: check the error first in callbacks (`if (err) return res.sendStatus(401)`), `await` asynchronous verification ' +
      "(`const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'] })`), make every `catch` around a verification end the " +
      'request (`return res.status(401).end()`, `throw new UnauthorizedException()`, `return next(err)`), and test the result of a verification ' +
      "that returns a boolean (`if (!jws.verify(signature, 'RS256', key)) return res.sendStatus(401)`).",
    level: 'error',
    precision: 'high',
    securitySeverity: 8.1,
    cwe: [347, 252, 754],
    references: ['https://cwe.mitre.org/data/definitions/252.html', 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback'],
    messages: MESSAGES,
    options: {
      stopMethods: {
        type: 'string[]',
        default: ['status', 'sendStatus', 'send', 'json', 'end', 'redirect', 'writeHead', 'throw', 'code', 'render', 'abort', 'exit', 'reject'],
        description:
          'Method names whose call ends the request or program when called in a `catch` or error branch (`res.status(401)`, `ctx.throw(401)`, `reply.code(401)`, `process.exit(1)`).',
      },
      stopProperties: {
        type: 'string[]',
        default: ['status', 'statusCode'],
        description: 'Property names whose assignment sets an error response (`ctx.status = 401`, `res.statusCode = 401`).',
      },
      reportWhenOutcomeRecorded: {
        type: 'boolean',
        default: false,
        description:
          'Also report a `try` whose `catch` lets execution continue when the `try` block records the verified result for later code (`req.user = claims`, an outer variable): that is often optional authentication, where later code checks for the user.',
      },
      logMethods: {
        type: 'string[]',
        default: ['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal'],
        description: 'Call names that only log: passing the error to them does not handle it.',
      },
    },
    examples: {
      bad: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function auth(req: any, res: any, next: () => void) {\n  try {\n    jwt.verify(req.headers.authorization, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n" +
          "  } catch (err) {\n    console.warn('bad token', err);\n  }\n  next();\n}\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nexport function auth(req: any, res: any, next: () => void) {\n  try {\n    jwt.verify(req.headers.authorization, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n" +
          '  } catch (err) {\n    return res.status(401).end();\n  }\n  next();\n}\n',
      },
    },
  },
  create(context) {
    const list = (name: keyof typeof context.options, fallback: string[]): ReadonlySet<string> => new Set((context.options[name] as string[] | undefined) ?? fallback);
    const settings: Settings = {
      stopMethods: list('stopMethods', []),
      stopProperties: list('stopProperties', []),
      logMethods: list('logMethods', []),
      reportWhenOutcomeRecorded: context.options.reportWhenOutcomeRecorded === true,
    };

    return {
      verify(operation) {
        // Middleware told to let failed requests through (`continueOnFailure` in the model): nothing stops them
        if (operation.isMiddleware) {
          const passes = operation.option('continueOnFailure');
          if (passes.state === 'present' && passes.value.kind === 'boolean' && passes.value.value) {
            const option = passes.location.path?.join('.') ?? 'continueOnFailure';
            context.report({
              at: operation.node,
              messageId: 'middlewareContinues',
              data: { api: operation.api, option },
              related: [{ at: passes.node, message: 'failed requests continue' }],
            });
            return;
          }
        }
        // Middleware factories stop failed requests themselves (their callback, if any, runs only for valid
        // tokens); a verifier factory call is not the verification. Asynchronous request methods still verify here.
        if (operation.isMiddleware && !operation.returnsPromise) return;
        if (operation.isFactoryConfiguration) return;
        // the outcome is the return value: a surrounding try/catch or callback is not where failure shows
        if (operation.invalidTokenOutcome === 'returns-boolean') {
          checkBoolean(context, operation);
          return;
        }
        const callback = callbackOf(context, operation);
        if (callback) {
          if (!checkCallback(context, settings, operation, callback)) checkCallerContinues(context, settings, operation, callback);
          return;
        }
        const { holder, awaited } = holderOf(operation.call);
        const parent = holder.parent;
        if (operation.returnsPromise && !awaited) {
          const statement = syntax.isVoidExpression(parent) ? parent.parent : parent;
          if (syntax.isExpressionStatement(statement)) {
            context.report({ at: operation.node, messageId: 'notAwaited', data: { api: operation.api }, related: performedAt(operation) });
            return;
          }
          // `await verify(...).catch(() => {})` as a statement: the rejection is swallowed
          if (syntax.isPropertyAccessExpression(parent) && parent.name.text === 'catch' && syntax.isCallExpression(parent.parent) && parent.parent.expression === parent) {
            const handler = parent.parent.arguments[0] && functionOf(context, parent.parent.arguments[0]);
            const chain = holderOf(parent.parent).holder.parent;
            const unused = syntax.isExpressionStatement(syntax.isVoidExpression(chain) ? chain.parent : chain);
            if (handler && unused && handler.body && !stops(handler.body, settings) && !syntax.isExpression(handler.body)) {
              context.report({
                at: operation.node,
                messageId: 'promiseCatchContinues',
                data: { api: operation.api },
                related: [...performedAt(operation), { at: handler, message: 'rejection handler' }],
              });
            }
            return;
          }
          return;
        }
        checkTry(context, settings, operation);
      },
    };
  },
});
