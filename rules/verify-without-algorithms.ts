import { appendArgument, callerOf, defineRule, insertProperties, stripWrappers, type JwtOperation, type RuleContext, type RuleFix, type Value } from '../src/engine/ruleApi.js';

/** The one algorithm name a value holds (`'RS256'`, a constant), else undefined. */
function algorithmName(value: Value | undefined): string | undefined {
  return value?.kind === 'string' && /^[A-Za-z0-9+-]+$/.test(value.value) && value.value !== 'none' ? value.value : undefined;
}

/** A string secret (a literal, an environment variable, one with a literal fallback): not a key object or PEM import. */
function isStringSecret(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'env' || (value.kind === 'fallback' && value.primary.kind === 'env');
}

/** Words of a key's name that say it is a shared secret, and words that say it is (part of) a key pair. */
const SECRET_WORD = /secret/i;
const PAIR_WORD = /public|private|pub(?:lic)?key|pem|cert|rsa|ecdsa|jwks?|x509|spki|pkcs/i;

/**
 * Is the verification's key a shared secret: a string literal (not PEM), or a value the project names a secret
 * (`process.env.JWT_SECRET`, `config.get('JWT_SECRET')`, `user.jwtSecret`)? Decides only how serious a missing
 * allowlist is, never whether it is reported.
 */
function isSharedSecret(context: RuleContext, operation: JwtOperation): boolean {
  if (!operation.key) return false;
  const value = context.resolve(operation.key);
  if (value.kind === 'string') return !value.value.includes('-----BEGIN');
  const label = context.keyIdentity(operation.key)?.label ?? operation.key.getText();
  // `process.env.KEY` may hold a PEM public key as well as a secret: only a name that says secret counts
  return SECRET_WORD.test(label) && !PAIR_WORD.test(label);
}

/**
 * The algorithm one of this file's sign calls uses with the verification's key: its `algorithm` option, or the
 * library's default for that API when both calls take the same string secret. `null` when a same-key sign's
 * algorithm cannot be told (then no other sign call may decide it); undefined for a sign with another key.
 */
function signAlgorithm(context: RuleContext, sign: JwtOperation, verifyKey: { id: string; label: string }): string | null | undefined {
  if (!sign.key || sign.via) return undefined;
  const identity = context.keyIdentity(sign.key);
  if (!identity || identity.id !== verifyKey.id) return undefined;
  const written = sign.option('algorithm');
  if (written.state === 'present') return algorithmName(written.value) ?? null;
  if (written.state === 'unknown') return null;
  const fallback = sign.libraryDefaults.algorithm;
  // the default only holds for the very same secret (not the other half of a key pair folded into one identity)
  if (typeof fallback !== 'string' || identity.label !== verifyKey.label || !isStringSecret(context.resolve(sign.key))) return null;
  return fallback;
}

/**
 * The algorithm this service uses with the verification's key, known from the project: the key import that
 * names it (jose `importSPKI(pem, 'RS256')`), else the sign calls of this file with the same key — all of them
 * agreeing. Never a guess: undefined when nothing says, or when they disagree.
 */
function knownAlgorithm(context: RuleContext, operation: JwtOperation): string | undefined {
  if (!operation.key) return undefined;
  const key = context.resolve(operation.key);
  if (key.kind === 'bytes' && key.algorithm) return algorithmName(key.algorithm);
  const identity = context.keyIdentity(operation.key);
  if (!identity) return undefined;
  const found = new Set<string | null>();
  for (const sign of context.operations) {
    if (sign.kind !== 'sign') continue;
    const algorithm = signAlgorithm(context, sign, identity);
    if (algorithm !== undefined) found.add(algorithm);
  }
  const [only] = found;
  return found.size === 1 && only !== null ? only : undefined;
}

/** Writes the known algorithm into the call's options object, or adds one where the model says options go. */
function allowlistFix(context: RuleContext, operation: JwtOperation, option: string): RuleFix | undefined {
  if (operation.via || operation.hasSpreadArguments) return undefined;
  const target = operation.optionTarget('algorithms');
  if (!target) return undefined;
  const algorithm = knownAlgorithm(context, operation);
  if (!algorithm) return undefined;
  const property = `${option}: ['${algorithm}']`;
  const edit = 'object' in target ? insertProperties(target.object, [property]) : appendArgument(target.after, `{ ${property} }`);
  return edit ? { description: `Add \`${property}\``, edits: [edit] } : undefined;
}


export default defineRule({
  meta: {
    id: 'verify-without-algorithms',
    title: 'JWT verification without an algorithm allowlist',
    description: 'A token is verified without pinning the signature algorithms the server accepts.',
    rationale:
      'Without an explicit allowlist the library decides which algorithms to accept from the key type or the token header. ' +
      'That is what algorithm-confusion attacks exploit: a token signed with HS256 using the public RSA key as the HMAC secret, ' +
      'or an unsigned `none` token on older library versions. Where the library confines the algorithms to the key\'s type ' +
      '(jsonwebtoken, passport-jwt, @nestjs/jwt, koa-jwt, hapi-auth-jwt2, fast-jwt and @fastify/jwt accept only HMAC for a shared secret) ' +
      'and the key is a shared secret (a non-PEM string literal, or a value named a secret such as `process.env.JWT_SECRET`), ' +
      'the finding is a note: no other algorithm can be forced with that key, and the allowlist is defence in depth.',
    remediation:
      'Pass the exact algorithms your issuer uses, e.g. `jwt.verify(token, publicKey, { algorithms: [\'RS256\'] })` or ' +
      '`jwtVerify(token, key, { algorithms: [\'ES256\'] })`. Keep the list as short as possible and never mix HMAC with asymmetric algorithms.',
    level: 'error',
    precision: 'high',
    securitySeverity: 7.5,
    cwe: [347, 327],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.1',
      'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html',
    ],
    messages: {
      missing: '{{api}} verifies a token without an algorithm allowlist: pass `{{option}}` with the exact algorithms your issuer uses.',
      fromHeader:
        '{{api}} is called without its algorithm argument: the library then takes the algorithm from the token header, so the token picks how it is checked. ' +
        'Pass the expected algorithm explicitly (upgrade the library if its version still accepts this form).',
      secretOnly:
        '{{api}} verifies a token without an algorithm allowlist; with a shared secret as the key the library accepts only {{algorithms}}, ' +
        'so no other algorithm can be forced here. Pin `{{option}}` anyway (defence in depth: a later switch to a key pair keeps the check).',
      empty: '{{api}} is given an empty algorithm allowlist, which lets the library derive the algorithm: list the exact algorithms.',
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey);\n}\n" },
      good: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });\n}\n" },
    },
    wrapperCalls:
      'A project function that leaves the verification options to its callers (`verifyToken = (t, key, options) => jwt.verify(t, key, options)`) ' +
      'is reported at each call that passes no allowlist (`verifyToken(t, key)`), with the library call as a related location; calls that pass ' +
      '`algorithms` are not, and neither is a function whose options parameter has a default with an allowlist. A library call whose options ' +
      'are written inside the function is reported there.',
  },
  create(context) {
    return {
      verify(operation) {
        const location = operation.optionLocation('algorithms');
        if (operation.requiresAlgorithms || !location) return;
        const algorithms = operation.option('algorithms');
        // through a project function only options its caller passes (or leaves out) are reported at the call
        if (operation.via && !callerOf(algorithms)) return;
        const option = (location.path ?? ['algorithms']).join('.');
        if (algorithms.state === 'absent') {
          // a positional algorithm argument left out: the library falls back to the header's `alg`
          if (location.single && !location.path?.length && location.arg !== undefined && location.method === undefined) {
            context.report({ at: operation.node, messageId: 'fromHeader', data: { api: operation.api } });
          } else {
            const steps = operation.via ? [{ at: stripWrappers(operation.node.expression), message: 'called without an algorithm allowlist' }] : undefined;
            const fix = allowlistFix(context, operation, option);
            if (operation.secretAlgorithms && isSharedSecret(context, operation)) {
              const algorithms = operation.secretAlgorithms.join(', ');
              context.report({ at: operation.node, messageId: 'secretOnly', level: 'note', data: { api: operation.api, option, algorithms }, fix, steps });
            } else {
              context.report({ at: operation.node, messageId: 'missing', data: { api: operation.api, option }, fix, steps });
            }
          }
        } else if (algorithms.state === 'present' && algorithms.value.kind === 'array' && !algorithms.value.open && algorithms.value.elements.length === 0) {
          context.report({ at: operation.node, messageId: 'empty', data: { api: operation.api } });
        }
      },
    };
  },
});
