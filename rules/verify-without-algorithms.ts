import {
  algorithmName,
  appendArgument,
  callerOf,
  defineRule,
  HMAC_ALGORITHMS,
  insertProperties,
  isPemText,
  stripWrappers,
  type FileRecord,
  type JwtOperation,
  type RecordData,
  type RecordedFix,
  type RecordedLocation,
  type RuleContext,
  type RuleFix,
  type Value,
} from '../src/engine/ruleApi.js';

/** A string secret (a literal, an environment variable, one with a literal fallback): not a key object or PEM import. */
function isStringSecret(value: Value): boolean {
  return value.kind === 'string' || value.kind === 'env' || (value.kind === 'fallback' && value.primary.kind === 'env');
}

/**
 * A key the library's default algorithm may sign with: a string secret, or a value not known at all (a database field,
 * a function's result). A sign call that works with an HMAC default is then the key's evidence: a PEM string, a key
 * object or an import are known and are not.
 */
function maySignWithDefault(value: Value): boolean {
  if (value.kind === 'string') return !isPemText(value.value);
  return isStringSecret(value) || value.kind === 'unknown' || value.kind === 'parameter';
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
  if (value.kind === 'string') return !isPemText(value.value);
  const label = context.keyIdentity(operation.key)?.label ?? operation.key.getText();
  // `process.env.KEY` may hold a PEM public key as well as a secret: only a name that says secret counts
  return SECRET_WORD.test(label) && !PAIR_WORD.test(label);
}

/** The algorithm placeholder of a recorded fix, filled at the end of the scan once every sign call is known. */
const ALGORITHM = '{{algorithm}}';

/** A sign call, recorded: its key and the algorithm it signs with as far as the call says. */
interface SignRecord {
  op: 'sign';
  key: string;
  scope?: string;
  label: string;
  /** The `algorithm` option: its name, null when written but not known. Absent: the library default applies. */
  written?: string | null;
  /** The library's default for this API with a string secret (only for the very same secret), else null. */
  stringDefault?: string | null;
}

/** A verification without allowlist whose fix depends on the project's sign calls: reported at the end of the scan. */
interface VerifyRecord {
  op: 'verify';
  key: string;
  scope?: string;
  label: string;
  report: { messageId: 'missing' | 'secretOnly' | 'keyTypeOnly'; level?: 'note'; data: Record<string, string>; at: RecordedLocation; steps?: { at: RecordedLocation; message: string }[] };
  /** The algorithms the library accepts with a shared secret (`HS256, HS384, HS512`), when it confines them. */
  secretAlgorithms?: string;
  fix: RecordedFix;
}

function signRecord(context: RuleContext, sign: JwtOperation): SignRecord | undefined {
  if (!sign.key || sign.via) return undefined;
  const identity = context.keyIdentity(sign.key);
  if (!identity) return undefined;
  const base = { op: 'sign' as const, key: identity.id, ...(identity.scopeFile ? { scope: identity.scopeFile } : {}), label: identity.label };
  const written = sign.option('algorithm');
  if (written.state === 'present') return { ...base, written: algorithmName(written.value) ?? null };
  if (written.state === 'unknown') return { ...base, written: null };
  const fallback = sign.libraryDefaults.algorithm;
  return { ...base, stringDefault: typeof fallback === 'string' && maySignWithDefault(context.resolve(sign.key)) ? fallback : null };
}

/**
 * The algorithm a recorded sign call uses with the verification's key: its `algorithm` option, or the library's
 * default when it signs with the very same string secret (not the other half of a key pair folded into one
 * identity). null when it cannot be told (then no other sign call may decide it).
 */
function signAlgorithm(sign: SignRecord, verify: VerifyRecord): string | null {
  if (sign.written !== undefined) return sign.written;
  return sign.label === verify.label ? (sign.stringDefault ?? null) : null;
}

/** The one algorithm every sign call of the group uses with the verification's key; undefined when none or they disagree. */
function agreedAlgorithm(signs: readonly SignRecord[], verify: VerifyRecord): string | undefined {
  const found = new Set(signs.map((sign) => signAlgorithm(sign, verify)));
  const [only] = found;
  return found.size === 1 && only !== null ? only : undefined;
}

/** Writes `property` into the call's options object, or adds one where the model says options go. */
function allowlistEdit(operation: JwtOperation, property: string, evidence?: string): RuleFix | undefined {
  if (operation.via || operation.hasSpreadArguments) return undefined;
  const target = operation.optionTarget('algorithms');
  if (!target) return undefined;
  const edit = 'object' in target ? insertProperties(target.object, [property]) : appendArgument(target, `{ ${property} }`);
  return edit ? { description: `Add \`${property}\`${evidence ? ` (${evidence})` : ''}`, edits: [edit] } : undefined;
}

/**
 * Reports a verification without allowlist. Its fix comes from what the project says the key is for: the key
 * import names the algorithm (jose `importSPKI(pem, 'RS256')`), or the key comes from a JSON Web Key Set whose
 * issuer's algorithm the configuration names or a provider documents (`context.keyAlgorithm`); else, for a key with
 * an identity, from the sign calls of the whole scan with that key: the finding is recorded and reported at the end
 * of the scan, when they are all known.
 */
function reportMissing(context: RuleContext, operation: JwtOperation, option: string): void {
  const steps = operation.via ? [{ at: stripWrappers(operation.node.expression), message: 'called without an algorithm allowlist' }] : undefined;
  const shared = operation.secretAlgorithms !== undefined && isSharedSecret(context, operation);
  // with a shared secret, or a library that confines algorithms to the key's type, a missing allowlist is hardening advice
  const messageId = shared ? 'secretOnly' : operation.algorithmsFollowKeyType ? 'keyTypeOnly' : 'missing';
  const level = messageId === 'missing' ? {} : { level: 'note' as const };
  const data: Record<string, string> = shared ? { api: operation.api, option, algorithms: (operation.secretAlgorithms ?? []).join(', ') } : { api: operation.api, option };
  const property = (algorithm: string) => `${option}: ['${algorithm}']`;
  const known = context.keyAlgorithm(operation);
  const identity = operation.key && known === undefined ? context.keyIdentity(operation.key) : undefined;
  const pending = identity ? allowlistEdit(operation, property(ALGORITHM)) : undefined;
  if (identity && pending) {
    const report = { messageId, ...level, data, at: context.locate(operation.node) };
    const confined = operation.secretAlgorithms ? { secretAlgorithms: operation.secretAlgorithms.join(', ') } : {};
    const record = {
      op: 'verify',
      key: identity.id,
      ...(identity.scopeFile ? { scope: identity.scopeFile } : {}),
      label: identity.label,
      report,
      fix: context.locateFix(pending),
      ...confined,
    };
    context.record(record as unknown as RecordData);
    return;
  }
  const fix = known === undefined ? undefined : allowlistEdit(operation, property(known.algorithm), known.evidence);
  if (messageId === 'secretOnly') context.report({ at: operation.node, messageId, ...level, data: data as Record<'api' | 'option' | 'algorithms', string>, fix, steps });
  else context.report({ at: operation.node, messageId, ...level, data: data as Record<'api' | 'option', string>, fix, steps });
}

/** A recorded fix with its algorithm placeholder filled in. */
function withAlgorithm(fix: RecordedFix, algorithm: string): RecordedFix {
  const fill = (text: string) => text.split(ALGORITHM).join(algorithm);
  return { description: fill(fix.description), replacements: fix.replacements.map((replacement) => ({ ...replacement, text: fill(replacement.text) })) };
}

export default defineRule({
  meta: {
    id: 'verify-without-algorithms',
    title: 'JWT verification without an algorithm allowlist',
    description: 'A token is verified without pinning the signature algorithms the server accepts.',
    rationale:
      'Without an explicit allowlist the library decides which algorithms to accept from the key type or the token header. ' +
      'That is what algorithm-confusion attacks exploit: a token signed with HS256 using the public RSA key as the HMAC secret, ' +
      "or an unsigned `none` token on older library versions. Where the library confines the algorithms to the key's type " +
      '(jsonwebtoken, express-jwt, passport-jwt, @nestjs/jwt, koa-jwt, hapi-auth-jwt2, fast-jwt and @fastify/jwt accept only HMAC for a shared secret) ' +
      'and the key is a shared secret (a non-PEM string literal, a value named a secret such as `process.env.JWT_SECRET`, or a key ' +
      "the project's own sign calls use with an HMAC algorithm, whatever its name: `jwtPrivateKey` signing with the default HS256), " +
      'the finding is a note: no other algorithm can be forced with that key, and the allowlist is defence in depth. The same holds for ' +
      "jose ≥ 3 (`jwtVerify`, `compactVerify`) with any key: it accepts only the algorithms of the key's own type (a JWK's `alg` when it " +
      'has one) and never uses a public key as an HMAC secret, so its findings are notes too.',
    remediation:
      "Pass the exact algorithms your issuer uses, e.g. `jwt.verify(token, publicKey, { algorithms: ['RS256'] })` or " +
      "`jwtVerify(token, key, { algorithms: ['ES256'] })`. Keep the list as short as possible and never mix HMAC with asymmetric algorithms. " +
      'A quick fix (editor, SARIF `fixes`, `jwtlint --fix`) adds the allowlist where the project shows the one algorithm: the key import names it, ' +
      "every sign call with the same key uses it, or the key comes from a JSON Web Key Set whose issuer's algorithm the configuration names " +
      '(a setting beside the key set URL, an env-file variable beside its variable) or a provider documents (Google, Firebase, Cognito, Microsoft Entra ID, Apple: RS256). ' +
      'See docs/integrations/editors.md#fixes.',
    level: 'error',
    precision: 'high',
    securitySeverity: 7.5,
    cwe: [347, 327],
    references: ['https://datatracker.ietf.org/doc/html/rfc8725#section-3.1', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
    messages: {
      missing: '{{api}} verifies a token without an algorithm allowlist: pass `{{option}}` with the exact algorithms your issuer uses.',
      fromHeader:
        '{{api}} is called without its algorithm argument: the library then takes the algorithm from the token header, so the token picks how it is checked. ' +
        'Pass the expected algorithm explicitly (upgrade the library if its version still accepts this form).',
      secretOnly:
        '{{api}} verifies a token without an algorithm allowlist; with a shared secret as the key the library accepts only {{algorithms}}, ' +
        'so no other algorithm can be forced here. Pin `{{option}}` anyway (defence in depth: a later switch to a key pair keeps the check).',
      keyTypeOnly:
        "{{api}} verifies a token without an algorithm allowlist; the library then accepts only the algorithms of the key's own type, " +
        'so no algorithm confusion can be forced here. Pin `{{option}}` to the one algorithm your issuer uses anyway (defence in depth).',
      empty: '{{api}} is given an empty algorithm allowlist, which lets the library derive the algorithm: list the exact algorithms.',
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey);\n}\n" },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string, publicKey: string) {\n  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });\n}\n",
      },
    },
    wrapperCalls:
      'A project function that leaves the verification options to its callers (`verifyToken = (t, key, options) => jwt.verify(t, key, options)`) ' +
      'is reported at each call that passes no allowlist (`verifyToken(t, key)`), with the library call as a related location; calls that pass ' +
      '`algorithms` are not, and neither is a function whose options parameter has a default with an allowlist. A library call whose options ' +
      'are written inside the function is reported there.',
  },
  create(context) {
    return {
      sign(operation) {
        const record = signRecord(context, operation);
        if (record) context.record(record as unknown as RecordData);
      },
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
            reportMissing(context, operation, option);
          }
        } else if (algorithms.state === 'present' && algorithms.value.kind === 'array' && !algorithms.value.open && algorithms.value.elements.length === 0) {
          context.report({ at: operation.node, messageId: 'empty', data: { api: operation.api } });
        }
      },
    };
  },
  createProject(context) {
    return {
      // every sign call of the scan is known now: the fix of a recorded verification is offered when they all agree
      scanEnd(records: readonly FileRecord[]) {
        const all = records.map((record) => record.data as unknown as SignRecord | VerifyRecord);
        const groupOf = (data: SignRecord | VerifyRecord) => (data.scope !== undefined ? `${context.packageOf(data.scope)}\0${data.key}` : data.key);
        const signs = new Map<string, SignRecord[]>();
        for (const data of all) if (data.op === 'sign') signs.set(groupOf(data), [...(signs.get(groupOf(data)) ?? []), data]);
        for (const data of all) {
          if (data.op !== 'verify') continue;
          // a part of the scan (--shard, --changed) does not see every sign call: no fix rather than a guess
          const algorithm = context.partial ? undefined : agreedAlgorithm(signs.get(groupOf(data)) ?? [], data);
          const fix = algorithm === undefined ? undefined : withAlgorithm(data.fix, algorithm);
          const { at, data: values } = data.report;
          // the project signs with this very key by an HMAC algorithm: it is a shared secret, whatever its name says
          const signedWithSecret = algorithm !== undefined && HMAC_ALGORITHMS.includes(algorithm) && data.secretAlgorithms !== undefined;
          if (data.report.messageId === 'missing' && signedWithSecret) {
            context.report({ at, messageId: 'secretOnly', level: 'note', data: { ...values, algorithms: data.secretAlgorithms! } as Record<'api' | 'option' | 'algorithms', string>, fix });
          } else if (data.report.messageId === 'secretOnly') {
            context.report({ at, messageId: 'secretOnly', level: 'note', data: values as Record<'api' | 'option' | 'algorithms', string>, fix });
          } else if (data.report.messageId === 'keyTypeOnly') {
            context.report({ at, messageId: 'keyTypeOnly', level: 'note', data: values as Record<'api' | 'option', string>, fix });
          } else {
            context.report({ at, messageId: 'missing', data: values as Record<'api' | 'option', string>, fix });
          }
        }
      },
    };
  },
});
