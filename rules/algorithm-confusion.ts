import {
  defineRule,
  enclosingFunction,
  findDeclaration,
  headerAlgorithmSource,
  isFileRead,
  stripWrappers,
  syntax,
  type JwtOperation,
  type RuleContext,
  type Value,
} from '../src/engine/ruleApi.js';

const HMAC = /^HS(256|384|512)$/i;
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^ES256K$|^EdDSA$|^Ed(25519|448)$/i;
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;

interface Entry {
  value: Value;
  node: syntax.Node;
}

/** The members of an allowlist (a one-name option counts as a one-element list). */
function entriesOf(value: Value): Entry[] {
  if (value.kind === 'array') return value.elements.map((element) => ({ value: element, node: element.node }));
  return [{ value, node: value.node }];
}

/** PEM texts a key value is made of: a literal, bytes made from one, an imported key, or either side of an env fallback. */
function keyTexts(value: Value, depth = 0): string[] {
  if (depth > 8) return [];
  switch (value.kind) {
    case 'string':
      return [value.value];
    case 'bytes':
      return keyTexts(value.source, depth + 1);
    case 'fallback':
      return [...keyTexts(value.primary, depth + 1), ...keyTexts(value.fallback, depth + 1)];
    default:
      return [];
  }
}

/** What a key import says the key is ('public' for an imported SPKI/X.509 key), when the model knows. */
function importedKeyKind(value: Value): string | undefined {
  return value.kind === 'bytes' ? value.keyKind : undefined;
}

/** Is the key public-key material (a PEM public key or certificate, or a key imported as public)? */
function isPublicKey(value: Value, markers: readonly string[]): boolean {
  if (importedKeyKind(value) === 'public') return true;
  return keyTexts(value).some((text) => {
    const label = PEM_LABEL.exec(text)?.[1];
    return label !== undefined && !label.includes('PRIVATE') && markers.some((marker) => label.includes(marker));
  });
}

/** Names that say a key is the public half of a key pair: `JWT_PUBLIC_KEY`, `publicKey`, `pubKey`. */
const PUBLIC_KEY_NAME = /public_?key|pub_?key/i;
const SECRET_NAME = /secret|hmac/i;

/** The names a key is known by: the variable or property it is read from, and the environment variable behind it. */
function keyNames(expression: syntax.Expression | undefined, value: Value): string[] {
  const names: string[] = [];
  const node = expression ? stripWrappers(expression) : undefined;
  if (node && syntax.isIdentifier(node)) names.push(node.text);
  if (node && syntax.isPropertyAccessExpression(node)) names.push(node.name.text);
  const inner = value.kind === 'bytes' ? value.source : value;
  const env = inner.kind === 'env' ? inner : inner.kind === 'fallback' && inner.primary.kind === 'env' ? inner.primary : undefined;
  if (env?.kind === 'env') names.push(env.name);
  return names;
}

/** Is the key named as a public key (and nothing in the name says private)? */
function namedPublic(expression: syntax.Expression | undefined, value: Value): boolean {
  return keyNames(expression, value).some((name) => PUBLIC_KEY_NAME.test(name) && !/priv/i.test(name));
}

/** What a key expression reads: its text and the declaration of the variable it starts from (`this` for class members). */
function keyIdentity(expression: syntax.Expression): string | undefined {
  const node = stripWrappers(expression);
  let base: syntax.Expression = node;
  while (syntax.isPropertyAccessExpression(base) || syntax.isElementAccessExpression(base)) base = stripWrappers(base.expression);
  if (base.kind === syntax.SyntaxKind.ThisKeyword) return `this:${node.getText()}`;
  if (!syntax.isIdentifier(base)) return undefined;
  const declaration = findDeclaration(base.text, base);
  return declaration ? `${declaration.node.getStart()}:${node.getText()}` : undefined;
}

/** The same key (variable, member or environment variable) as another operation's key. */
function sameKey(context: RuleContext, a: JwtOperation, b: JwtOperation): boolean {
  if (!a.key || !b.key) return false;
  const identity = keyIdentity(a.key);
  if (identity !== undefined && identity === keyIdentity(b.key)) return true;
  const names = keyNames(undefined, context.resolve(a.key));
  return names.length > 0 && keyNames(undefined, context.resolve(b.key)).some((name) => names.includes(name));
}

/**
 * Another verification in the file that uses the same key with public-key algorithms only: the key is a public
 * key — unless its name says it is a shared secret (that other verification then fails at run time instead).
 */
function asymmetricUse(context: RuleContext, operation: JwtOperation, key: Value): JwtOperation | undefined {
  if (keyNames(operation.key, key).some((name) => SECRET_NAME.test(name))) return undefined;
  return context.operations.find((other) => {
    if (other === operation || other.kind !== 'verify' || !sameKey(context, operation, other)) return false;
    const allowlist = other.option('algorithms');
    if (allowlist.state !== 'present') return false;
    const entries = entriesOf(allowlist.value);
    return entries.length > 0 && entries.every((entry) => entry.value.kind === 'string' && ASYMMETRIC.test(entry.value.value));
  });
}

/**
 * Is the header value checked against a fixed set before the verification (`ALLOWED.includes(alg)`,
 * `header.alg !== 'RS256'`)? Then the allowlist it builds is bounded.
 */
function checkedBefore(entry: syntax.Node, verification: syntax.Node): boolean {
  const text = entry.getText();
  const scope = enclosingFunction(verification);
  const limit = verification.getStart();
  let found = false;
  const visit = (node: syntax.Node): void => {
    if (found || node.getStart() >= limit) return;
    if (syntax.isCallExpression(node) && syntax.isPropertyAccessExpression(node.expression) && ['includes', 'indexOf', 'has', 'test'].includes(node.expression.name.text)) {
      if (node.arguments.some((argument) => stripWrappers(argument).getText() === text)) found = true;
    }
    if (syntax.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      const equality = syntax.isEqualityOperator(op);
      const left = stripWrappers(node.left);
      const right = stripWrappers(node.right);
      const other = left.getText() === text ? right : right.getText() === text ? left : undefined;
      // `if (header.alg === 'none') …` singles out unsigned tokens: every other algorithm still passes
      const none = other !== undefined && syntax.isStringLiteralLike(other) && other.text.trim().toLowerCase() === 'none';
      if (equality && other !== undefined && !none) found = true;
    }
    node.forEachChild(visit);
  };
  scope.forEachChild(visit);
  return found;
}

export default defineRule({
  meta: {
    id: 'algorithm-confusion',
    title: 'Algorithm confusion: HMAC and public-key algorithms mixed, or the allowlist comes from the token',
    description:
      'A verification accepts the same key under both an HMAC (`HS*`) and an asymmetric algorithm, accepts an HMAC algorithm with a public key, ' +
      'or takes its algorithm allowlist from the header of the token being verified.',
    rationale:
      'With HS256 the verification key is a shared secret; with RS256/ES256 it is a public key that anyone may know. When one key is accepted under ' +
      'both, an attacker signs a token with HMAC using the public key as the secret and the server accepts it (CVE-2015-9235, CVE-2016-10555, ' +
      "CVE-2023-48223). An allowlist built from the token's own `alg` header is no allowlist at all: the attacker picks the algorithm, including `none` " +
      'or HMAC-with-the-public-key. A key counts as public when it is PEM public-key or certificate text, is imported as a public key, is named ' +
      'like one (`JWT_PUBLIC_KEY`, `publicKey`, `pubKey`, unless the name also says private), or verifies RS/PS/ES signatures in another ' +
      'verification of the same file (a hand-written check that picks HMAC or RSA from the header `alg` with one key is the classic case) — ' +
      "unless its name says it is a secret. Hand-written HMAC checks (`createHmac('sha256', key)…digest() === signature`) count as HS256 verifications.",
    remediation:
      "Pin the algorithm family that matches the key: `jwt.verify(token, publicKey, { algorithms: ['RS256'] })` for a public key, " +
      "`{ algorithms: ['HS256'] }` for a shared secret, never both for one key. Use a constant allowlist, never a value read from the token. " +
      "If you must accept several issuers, select the key per issuer from a trusted table and pin each key's algorithm.",
    level: 'error',
    precision: 'high',
    securitySeverity: 8.1,
    cwe: [327, 347],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-2.1',
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1',
      'https://portswigger.net/web-security/jwt/algorithm-confusion',
    ],
    messages: {
      mixed:
        '{{api}} accepts one key under both HMAC ({{hmac}}) and asymmetric ({{asymmetric}}) algorithms: a token signed with HMAC using the public key as the secret verifies. Pin one algorithm family.',
      hmacWithPublicKey:
        '{{api}} accepts {{hmac}} with a public key: anyone who has the public key can sign a token with it as the HMAC secret. Allow only the asymmetric algorithm of that key.',
      hmacDefaultWithPublicKey:
        '{{api}} verifies with its default {{hmac}} while the key is a public key: anyone who has the public key can sign a token with it as the HMAC secret. Pass the asymmetric algorithm of that key explicitly.',
      fromHeader: "{{api}} takes its algorithm allowlist from the token's own header ({{source}}): the attacker chooses the algorithm. Use a constant allowlist.",
    },
    options: {
      publicKeyMarkers: {
        type: 'string[]',
        default: ['PUBLIC KEY', 'CERTIFICATE'],
        description: 'Words in a PEM `-----BEGIN ...-----` label that mark the key as public-key material (private keys never count).',
      },
      reportMixedWithKeyResolver: {
        type: 'boolean',
        default: false,
        description:
          'Also report an allowlist mixing HMAC and asymmetric algorithms when the key is a function or key set that picks a key per token (a resolver may return the right kind of key for each algorithm).',
      },
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['HS256', 'RS256'] });\n}\n",
      },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256', 'ES256'] });\n}\n",
      },
    },
  },
  create(context) {
    const markers = (context.options.publicKeyMarkers as string[] | undefined) ?? ['PUBLIC KEY', 'CERTIFICATE'];
    const reportResolvers = context.options.reportMixedWithKeyResolver === true;

    const keyValue = (operation: JwtOperation): Value | undefined => {
      if (operation.key) return context.resolve(operation.key);
      const secret = operation.option('secret');
      return secret.state === 'present' ? secret.value : undefined;
    };

    return {
      verify(operation) {
        const allowlist = operation.option('algorithms');
        const data = { api: operation.api };
        if (allowlist.state === 'absent') {
          // The library's own default list (HS256 whatever the key is) applies.
          const defaults = operation.libraryDefaults.algorithms;
          const hmac = Array.isArray(defaults) ? defaults.filter((name): name is string => typeof name === 'string' && HMAC.test(name)) : [];
          const key = keyValue(operation);
          if (hmac.length > 0 && key && isPublicKey(key, markers)) {
            context.report({ at: operation.node, messageId: 'hmacDefaultWithPublicKey', data: { ...data, hmac: hmac.join(', ') } });
          }
          return;
        }
        if (allowlist.state !== 'present') return;
        const entries = entriesOf(allowlist.value);

        // An allowlist read from the token header (as a whole, or as one of its members).
        const candidates: Entry[] = allowlist.value.kind === 'array' ? entries : [{ value: allowlist.value, node: allowlist.value.node }];
        for (const entry of candidates) {
          if (entry.value.kind === 'string') continue;
          const source = headerAlgorithmSource(context, entry.node);
          if (!source || checkedBefore(entry.node, operation.node)) continue;
          context.report({
            at: allowlist.node,
            messageId: 'fromHeader',
            data: { ...data, source: entry.node.getText().slice(0, 60) },
            related: [{ at: source.node, message: `header decoded by ${source.api}` }],
          });
          return;
        }

        const names = entries.flatMap((entry) => (entry.value.kind === 'string' ? [entry.value.value] : []));
        const hmac = names.filter((name) => HMAC.test(name));
        const asymmetric = names.filter((name) => ASYMMETRIC.test(name));
        if (hmac.length === 0) return;
        const key = keyValue(operation);
        const elsewhere = key ? asymmetricUse(context, operation, key) : undefined;
        if (key && (isPublicKey(key, markers) || namedPublic(operation.key, key) || elsewhere)) {
          const related = elsewhere ? [{ at: elsewhere.node, message: `the same key verifies public-key signatures in ${elsewhere.api}` }] : [];
          context.report({ at: allowlist.node, messageId: 'hmacWithPublicKey', data: { ...data, hmac: hmac.join(', ') }, related });
          return;
        }
        if (asymmetric.length === 0) return;
        // A function or key set chooses a key per token; a library value may be a key set (JWKS) too, not a file's content.
        const resolver = key !== undefined && (key.kind === 'function' || (key.kind === 'library' && !isFileRead(key)));
        if (resolver && !reportResolvers) return;
        context.report({ at: allowlist.node, messageId: 'mixed', data: { ...data, hmac: hmac.join(', '), asymmetric: asymmetric.join(', ') } });
      },
    };
  },
});
