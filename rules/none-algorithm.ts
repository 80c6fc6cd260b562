import {
  claimsDecodeSource,
  defineRule,
  enclosingFunction,
  findDeclaration,
  headerAlgorithmSource,
  stripWrappers,
  syntax,
  type JwtOperation,
  type OptionFact,
  type RuleContext,
  type Value,
} from '../src/engine/ruleApi.js';

/** String values an algorithm option holds: the list's elements, or the single name itself. */
function algorithmNames(value: Value): { text: string; node: Value['node'] }[] {
  if (value.kind === 'string') return [{ text: value.value, node: value.node }];
  if (value.kind === 'array') return value.elements.flatMap((element) => (element.kind === 'string' ? [{ text: element.value, node: element.node }] : []));
  return [];
}

/** `'none'`, also after `.toLowerCase()` on the other side. */
function isNoneLiteral(node: syntax.Expression): node is syntax.StringLiteralLike {
  const e = stripWrappers(node);
  return syntax.isStringLiteralLike(e) && e.text.trim().toLowerCase() === 'none';
}

/** `alg.toLowerCase()`, `String(alg)` → `alg`. */
function withoutCaseFolding(node: syntax.Expression, depth = 0): syntax.Expression {
  const e = stripWrappers(node);
  if (depth > 3 || !syntax.isCallExpression(e)) return e;
  if (syntax.isPropertyAccessExpression(e.expression) && /^(to(Lower|Upper)Case|trim)$/.test(e.expression.name.text)) return withoutCaseFolding(e.expression.expression, depth + 1);
  const [argument] = e.arguments;
  if (syntax.isIdentifier(e.expression) && e.expression.text === 'String' && !findDeclaration('String', e.expression) && argument && !syntax.isSpreadElement(argument))
    return withoutCaseFolding(argument, depth + 1);
  return e;
}

/** The code that runs when the comparison says the header's algorithm is `none`. */
function noneBranch(comparison: syntax.BinaryExpression): syntax.Node | undefined {
  const equal = syntax.isEqualsOperator(comparison.operatorToken.kind);
  if (!equal && !syntax.isNotEqualsOperator(comparison.operatorToken.kind)) return undefined;
  let condition: syntax.Node = comparison;
  while (syntax.isParenthesizedExpression(condition.parent)) condition = condition.parent;
  const parent = condition.parent;
  if (syntax.isIfStatement(parent) && parent.expression === condition) return equal ? parent.thenStatement : parent.elseStatement;
  if (syntax.isConditionalExpression(parent) && parent.condition === condition) return equal ? parent.whenTrue : parent.whenFalse;
  if (syntax.isBinaryExpression(parent) && parent.left === condition && equal && parent.operatorToken.kind === syntax.SyntaxKind.AmpersandAmpersandToken) return parent.right;
  return undefined;
}

/** Is `node` (a call) inside `branch`? */
const inside = (node: syntax.Node, branch: syntax.Node): boolean => node.getStart() >= branch.getStart() && node.getEnd() <= branch.getEnd();

/**
 * Does the branch taken for `alg: none` accept the token: read its claims (a payload decode in the branch, or
 * `return claims` of a decode made before), or answer `true` in a function that otherwise verifies?
 */
function acceptsToken(context: RuleContext, branch: syntax.Node): boolean {
  const decodesClaims = (operation: JwtOperation): boolean => operation.kind === 'decode' && operation.decodes !== 'header';
  if (context.operations.some((operation) => decodesClaims(operation) && inside(operation.call, branch))) return true;
  const verifies = context.operations.some((operation) => operation.kind === 'verify' && enclosingFunction(operation.call) === enclosingFunction(branch));
  let accepts = false;
  const visit = (node: syntax.Node): void => {
    if (accepts || syntax.isFunctionLike(node)) return;
    const returned = syntax.isReturnStatement(node) ? node.expression : node === branch && syntax.isExpression(node) ? node : undefined;
    if (returned) {
      const value = stripWrappers(returned);
      if (value.kind === syntax.SyntaxKind.TrueKeyword && verifies) accepts = true;
      // `return claims` of a decode made before (also `const [header, payload] = parse(token)` of a parser)
      if (syntax.isIdentifier(value) && claimsDecodeSource(context, value)) accepts = true;
    }
    node.forEachChild(visit);
  };
  visit(branch);
  return accepts;
}

export default defineRule({
  meta: {
    id: 'none-algorithm',
    title: "Unsigned JWTs ('none' algorithm) accepted or issued",
    description:
      "A verification allowlist accepts the `none` algorithm, a token is signed with `none` (an unsigned JWT), or code reads the token's own header " +
      "and accepts the token without a signature check when its `alg` says `none` (`if (header.alg === 'none') return claims`).",
    rationale:
      'A JWT with `"alg": "none"` carries no signature: anyone can write one with any claims. Accepting `none` when verifying lets a ' +
      'client forge every token; issuing unsigned tokens means the server cannot later tell its own tokens from forged ones. ' +
      'RFC 8725 requires libraries and applications to reject `none` unless the token is protected by other means.',
    remediation:
      "Remove `'none'` from every allowlist and list the algorithms your issuer signs with: " +
      "`jwt.verify(token, key, { algorithms: ['RS256'] })`. Sign with a real algorithm and key: " +
      "`jwt.sign(payload, privateKey, { algorithm: 'RS256', expiresIn: '15m' })` or " +
      "`new SignJWT(payload).setProtectedHeader({ alg: 'ES256' }).sign(privateKey)` instead of an unsecured JWT.",
    level: 'error',
    precision: 'very-high',
    securitySeverity: 9.1,
    cwe: [347, 327],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.2',
      'https://datatracker.ietf.org/doc/html/rfc7518#section-3.6',
      'https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/',
    ],
    messages: {
      verifyAcceptsNone: "{{api}} accepts the unsigned algorithm '{{name}}': anyone can forge a token it verifies. List only the algorithms your issuer signs with.",
      acceptsUnsigned: "{{api}} accepts unsigned tokens (algorithm '{{name}}'): their claims can be written by anyone. Verify a signed token instead.",
      signWithNone: "{{api}} issues an unsigned token (algorithm '{{name}}'): sign with a real algorithm and key.",
      headerNone: "A token whose header says `alg: '{{name}}'` is accepted without a signature check (header read by {{api}}): anyone can forge one. Reject `none` and verify every token.",
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256', 'none'] });\n}\n",
      },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'] });\n}\n",
      },
    },
  },
  create(context) {
    const check = (operation: JwtOperation, fact: OptionFact, messageId: 'verifyAcceptsNone' | 'acceptsUnsigned' | 'signWithNone') => {
      if (fact.state !== 'present') return;
      for (const name of algorithmNames(fact.value)) {
        if (name.text.trim().toLowerCase() !== 'none') continue;
        context.report({
          at: name.node,
          messageId,
          data: { api: operation.api, name: name.text },
          related: name.node === operation.node ? [] : [{ at: operation.node, message: `${operation.kind === 'sign' ? 'signed' : 'verified'} by ${operation.api}` }],
        });
      }
    };
    /** An operation that accepts unsigned tokens by default (the model's default allowlist names 'none'). */
    const checkDefault = (operation: JwtOperation) => {
      const defaults = operation.libraryDefaults.algorithms;
      if (!Array.isArray(defaults) || operation.option('algorithms').state !== 'absent') return;
      const none = defaults.find((name): name is string => typeof name === 'string' && name.toLowerCase() === 'none');
      if (none !== undefined) context.report({ at: operation.node, messageId: 'acceptsUnsigned', data: { api: operation.api, name: none } });
    };
    /** `if (header.alg === 'none') return claims`: code that skips verification when the token asks it to. */
    const checkHeaderBranches = () => {
      if (!context.operations.some((operation) => operation.kind === 'decode')) return;
      const visit = (node: syntax.Node): void => {
        if (syntax.isBinaryExpression(node)) {
          const literal = isNoneLiteral(node.right) ? node.right : isNoneLiteral(node.left) ? node.left : undefined;
          const other = literal === node.right ? node.left : node.right;
          const branch = literal ? noneBranch(node) : undefined;
          const source = branch ? headerAlgorithmSource(context, withoutCaseFolding(other)) : undefined;
          if (literal && branch && source && acceptsToken(context, branch)) {
            context.report({
              at: stripWrappers(literal),
              messageId: 'headerNone',
              data: { api: source.api, name: (stripWrappers(literal) as syntax.StringLiteralLike).text },
              related: [{ at: source.node, message: `header decoded by ${source.api}` }],
            });
          }
        }
        node.forEachChild(visit);
      };
      visit(context.file.sourceFile);
    };
    return {
      endFile: checkHeaderBranches,
      verify(operation) {
        check(operation, operation.option('algorithms'), 'verifyAcceptsNone');
        check(operation, operation.option('algorithm'), 'verifyAcceptsNone');
        checkDefault(operation);
      },
      decode(operation) {
        checkDefault(operation);
      },
      sign(operation) {
        check(operation, operation.option('algorithm'), 'signWithNone');
      },
    };
  },
});
