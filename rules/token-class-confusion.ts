import {
  callbackScope,
  checkScope,
  checksMarker,
  defineRule,
  formatDuration,
  isMailed,
  isOpened,
  isSealed,
  LONG_LIVED_TOKEN_CLASSES,
  namesAround,
  parseClassWords,
  presenceTests,
  sameModuleCallerScopes,
  settingNameOf,
  type syntax,
  tokenClassOfMarker,
  tokenClassOfName,
  type FileRecord,
  type JwtOperation,
  type KeyIdentity,
  type OptionFact,
  type RecordData,
  type RecordedLocation,
  type RuleContext,
  type Value,
} from '../src/engine/ruleApi.js';

/**
 * Token classes kept apart. Each file records its sign and verify operations with their key identity and the
 * evidence of what a signed token is for; at the end of the scan, operations are grouped by key, the classes a
 * key signs are told apart, and verifications that accept several classes without checking which one they got
 * are reported.
 */

/** Sign sites with no class evidence: the service's ordinary (access) tokens. */
const UNLABELLED = 'access';
/** Claims that describe the token rather than its subject: not part of a payload's shape. */
const REGISTERED = new Set(['iat', 'exp', 'nbf', 'jti', 'iss']);
const MAX_RELATED = 8;

interface KeyData {
  id: string;
  label: string;
  scope?: string;
  /** Sealed tokens (encrypted after signing, decrypted before verifying) form a group of their own. */
  sealed?: boolean;
}

/** Where a library operation is (`file:line:column`): wrapper calls name the operation inside them by it. */
type Site = string;

interface SignData {
  op: 'sign';
  key: KeyData;
  at: RecordedLocation;
  /** Set on a library call; a wrapper call of another module names the library call it reaches in `via`. */
  site?: Site;
  via?: Site;
  /** Class from a marker claim or the `typ` header (strong evidence). */
  marked?: string;
  /** The payload carries a marker claim or header, whatever its value. */
  hasMarker: boolean;
  /** Class from the names around the call (supporting evidence). */
  named?: string;
  /**
   * Class named by the setting its lifetime is read from (`expiresIn: config.get('REFRESH_TOKEN_VALIDITY')`): a
   * setting is named for one kind of token, so this is strong evidence and wins over the names around the call
   * (a `/refresh` route that issues a token with the access lifetime issues an access token).
   */
  configured?: string;
  /** The token is sent by e-mail: the names around the call classify it (strong evidence). */
  mailed?: boolean;
  audience?: string;
  subject?: string;
  lifetime?: number;
  shape?: string;
}

interface VerifyData {
  op: 'verify';
  key: KeyData;
  at: RecordedLocation;
  site?: Site;
  via?: Site;
  api: string;
  /** For a wrapper call: the library call inside, shown as a related location. */
  viaAt?: RecordedLocation;
  /** What pins the class: 'typ', 'claim', or the expected audience / subject (checked against the group). */
  pin?: 'typ' | 'claim';
  /** Claims whose presence the code around the verification tests (`if (!payload.data)`): one only a class carries pins it. */
  required?: string[];
  audience?: string | true;
  subject?: string;
}

function stringOption(operation: JwtOperation, name: 'audience' | 'subject' | 'typ'): string | undefined {
  const fact = operation.option(name);
  return fact.state === 'present' && fact.value.kind === 'string' ? fact.value.value : undefined;
}

/** The payload's claim names (its shape) and its marker claims. */
function payloadFacts(value: Value, markerClaims: ReadonlySet<string>): { shape?: string; markers: { claim: string; value?: string }[] } {
  if (value.kind !== 'object') return { markers: [] };
  const markers: { claim: string; value?: string }[] = [];
  for (const [name, prop] of value.props) {
    if (!markerClaims.has(name)) continue;
    markers.push({ claim: name, value: prop.value.kind === 'string' ? prop.value.value : undefined });
  }
  const claims = [...value.props.keys()].filter((name) => !REGISTERED.has(name) && !markerClaims.has(name)).sort();
  return { shape: value.open ? undefined : claims.join(','), markers };
}

/** The class the setting of a sign call's lifetime names (`expiresIn: config.get('REFRESH_TOKEN_VALIDITY')` → refresh). */
function configuredClass(context: RuleContext, operation: JwtOperation, extra: ReadonlyMap<string, readonly string[]>): string | undefined {
  const lifetime = operation.option('expiresIn');
  if (lifetime.state === 'absent') return undefined;
  const setting = settingNameOf(lifetime.node, lifetime.state === 'present' ? lifetime.value : context.resolve(lifetime.node as syntax.Expression));
  return setting === undefined ? undefined : tokenClassOfName(setting, extra);
}

function keyData(key: KeyIdentity, sealed: boolean): KeyData {
  return { id: key.id, label: key.label, ...(key.scopeFile !== undefined ? { scope: key.scopeFile } : {}), ...(sealed ? { sealed } : {}) };
}

interface Group {
  signs: SignData[];
  verifies: VerifyData[];
}

/** The classes a key signs, after merging name-only classes that nothing tells apart (same lifetime and payload). */
function classesOf(signs: readonly SignData[]): Map<string, SignData[]> {
  const audiences = new Set(signs.map((sign) => sign.audience ?? ''));
  const subjects = new Set(signs.map((sign) => sign.subject ?? ''));
  const labelled = signs.map((sign) => {
    if (sign.marked) return { sign, cls: sign.marked, strong: true };
    if (sign.configured) return { sign, cls: sign.configured, strong: true };
    if (sign.mailed && sign.named) return { sign, cls: sign.named, strong: true };
    if (audiences.size > 1 && sign.audience !== undefined) return { sign, cls: sign.named ?? `audience '${sign.audience}'`, strong: true };
    if (subjects.size > 1 && sign.subject !== undefined) return { sign, cls: sign.named ?? `subject '${sign.subject}'`, strong: true };
    // an unlabelled token is the service's ordinary access token
    return { sign, cls: sign.named ?? UNLABELLED, strong: false };
  });
  const byClass = new Map<string, { sites: SignData[]; strong: boolean; traits: Set<string> }>();
  for (const { sign, cls, strong } of labelled) {
    const entry = byClass.get(cls) ?? { sites: [], strong: false, traits: new Set<string>() };
    entry.sites.push(sign);
    entry.strong ||= strong;
    entry.traits.add(`${sign.lifetime ?? '?'}|${sign.shape ?? '?'}`);
    byClass.set(cls, entry);
  }
  // Name-only classes whose tokens look alike are one class under two names (a `/refresh` route issuing access tokens).
  const names = [...byClass.keys()];
  const parent = new Map(names.map((name) => [name, name]));
  const find = (name: string): string => (parent.get(name) === name ? name : find(parent.get(name)!));
  for (let i = 0; i < names.length; i += 1) {
    for (let j = i + 1; j < names.length; j += 1) {
      const a = byClass.get(names[i])!;
      const b = byClass.get(names[j])!;
      if (a.strong || b.strong) continue;
      if ([...a.traits].some((trait) => b.traits.has(trait))) parent.set(find(names[j]), find(names[i]));
    }
  }
  const merged = new Map<string, SignData[]>();
  for (const name of names) {
    const root = find(name);
    // a name that cannot be told from the access tokens names access tokens (a `/refresh` route issuing one)
    const label = byClass.has(UNLABELLED) && find(UNLABELLED) === root ? UNLABELLED : root;
    merged.set(label, [...(merged.get(label) ?? []), ...byClass.get(name)!.sites]);
  }
  return merged;
}

/**
 * A claim the verification requires that the tokens of every class but one lack (their payloads are closed
 * object literals without it): the other classes fail the check, so the class is pinned by shape.
 */
function pinnedByShape(verify: VerifyData, classes: ReadonlyMap<string, SignData[]>): boolean {
  return (verify.required ?? []).some((claim) => {
    const carrying = [...classes.values()].filter((sites) => !sites.every((sign) => sign.shape !== undefined && !sign.shape.split(',').includes(claim)));
    return carrying.length === 1;
  });
}

function isPinned(verify: VerifyData, classes: ReadonlyMap<string, SignData[]>): boolean {
  if (verify.pin || pinnedByShape(verify, classes)) return true;
  const carrying = (value: string, field: 'audience' | 'subject') => [...classes.values()].filter((sites) => sites.some((sign) => sign[field] === value)).length;
  if (verify.audience === true) return true;
  if (typeof verify.audience === 'string' && carrying(verify.audience, 'audience') <= 1) return true;
  if (verify.subject !== undefined && carrying(verify.subject, 'subject') === 1) return true;
  return false;
}

function describeClass(cls: string, sites: readonly SignData[]): string {
  const lifetimes = [...new Set(sites.map((sign) => sign.lifetime).filter((l): l is number => l !== undefined))];
  return lifetimes.length === 1 ? `${cls} (${formatDuration(lifetimes[0])})` : cls;
}

/** What a verification's audience option says: its literal value, `true` when set to something unknown, nothing when absent or empty. */
function audienceEvidence(audience: OptionFact): string | true | undefined {
  if (audience.state === 'unknown') return true;
  if (audience.state !== 'present') return undefined;
  if (audience.value.kind === 'string') return audience.value.value;
  return audience.value.kind === 'undefined' || audience.value.kind === 'null' ? undefined : true;
}

/** The literal secret of an operation's key (to redact it from the finding's snippet). */
function literalSecretsOf(context: RuleContext, operation: JwtOperation): string[] {
  const key = operation.key ?? operation.via?.key;
  const value = key ? context.resolve(key) : undefined;
  if (value?.kind === 'string') return [value.value];
  if (value?.kind === 'fallback' && value.fallback.kind === 'string') return [value.fallback.value];
  return [];
}

/**
 * What pins the class a verification accepts: the `typ` option, or a marker claim checked near it, in its
 * callback, inside the wrapper, or by every caller of a verifying helper in its module; and the claims whose
 * presence it requires.
 */
function classPin(context: RuleContext, operation: JwtOperation, markerClaims: ReadonlySet<string>): { pin?: 'typ' | 'claim'; required: string[] } {
  const typ = operation.option('typ');
  // a wrapper that checks the claim itself (`if (payload.purpose !== 'invite') throw`) pins the class for every caller
  const scopes = [checkScope(operation.call), callbackScope(operation), operation.via && checkScope(operation.via.node)].filter((s): s is NonNullable<typeof s> => s !== undefined);
  // presence tests count near the verification only (a file holds other verifications' checks too)
  const required = [...new Set(scopes.flatMap((scope) => presenceTests(scope)))];
  // middleware without a verify callback hands the payload to later handlers: a check anywhere in the file counts
  if (operation.isMiddleware && !operation.callback) scopes.push(operation.node.getSourceFile());
  // through a wrapper: the functions of the wrapper's module that call the verifying helper and check its result
  const callers = sameModuleCallerScopes(operation.via ? operation.via.call : operation.call);
  const fromRequest = (expression: syntax.Expression) => context.requestOrigin(expression) !== undefined;
  const checks = (scope: syntax.Node) => checksMarker(scope, markerClaims, fromRequest);
  const checked = scopes.some(checks) || (callers !== undefined && callers.every(checks));
  return { pin: typ.state === 'present' || typ.state === 'unknown' ? 'typ' : checked ? 'claim' : undefined, required };
}

export default defineRule({
  meta: {
    id: 'token-class-confusion',
    title: 'Token classes signed with one key and not told apart',
    description:
      'One key signs several kinds of token (access, refresh, password-reset, invite, ...) and a verification with that key accepts any of them without checking which kind it got.',
    rationale:
      'A signature only proves that the token was issued by a holder of the key. When access and refresh tokens (or an e-mailed password-reset ' +
      'or invite link) are signed with the same key and carry no type, every verification with that key accepts all of them: a 30-day refresh ' +
      'token or a reset link taken from a mailbox works as an access token on the API. RFC 8725 (JWT Best Current Practices, §3.11) asks for ' +
      'explicit typing and for keeping token kinds apart. The rule groups every sign and verify operation of the scan by key identity (the same ' +
      'constant, environment variable, configuration key, key file or module member, both halves of a key pair alike; an unknown key groups with nothing; tokens encrypted after signing and decrypted before verification form a group of their own), tells the classes a key ' +
      'signs apart from evidence — a type or purpose claim with a literal value, the `typ` header, distinct audiences or subjects, and the names of ' +
      'the variable, function and route around the call together with a differing lifetime or payload, or alone when the lifetime is read from a setting named ' +
      'for the class (`REFRESH_TOKEN_VALIDITY`) or when the token is sent by e-mail — and reports verifications that neither ' +
      'pin the class nor use a key that signs one class only. A long-lived class (refresh, reset, invite, magic link) signed with the access ' +
      "tokens' key and carrying no class marker at all is reported at its sign site, at the note level.\n\n" +
      'Limits: the grouping sees the files of one scan (with `--shard` or a scan of named files, sign sites in other files are not seen); ' +
      'environment variables and configuration keys are the same key within one package (the nearest package.json); middleware (express-jwt, koa-jwt) counts a claim check anywhere ' +
      'in its file; a verifying helper whose result is returned counts as checked when every caller in its module checks the claim ' +
      '(the finding stays at the library call inside it).',
    remediation:
      'Keep the classes apart in one of three ways: sign each class with its own key (`ACCESS_TOKEN_SECRET`, `REFRESH_TOKEN_SECRET`); or put the ' +
      "class in every token (`typ` header via jose `setProtectedHeader({ alg, typ: 'at+jwt' })`, or a `type`/`purpose` claim) and check it on " +
      "every verification (jose `jwtVerify(token, key, { typ: 'at+jwt' })`, fast-jwt `checkTyp`, or `if (payload.type !== 'access') throw ...` " +
      'before the payload is used); or give each class its own audience and pass the expected `audience` to every verification.',
    level: 'warning',
    precision: 'medium',
    securitySeverity: 7.1,
    cwe: [287, 345],
    references: [
      'https://datatracker.ietf.org/doc/html/rfc8725#section-3.11',
      'https://datatracker.ietf.org/doc/html/rfc9068#section-2.1',
      'https://cwe.mitre.org/data/definitions/287.html',
    ],
    wrapperCalls:
      'A project function of another module that signs or verifies (`export const verifyToken = (t) => jwt.verify(t, config.secret)`) ' +
      "is a sign or verify operation at each of its calls, with the key inside it unless a parameter carries the key: a call site's " +
      'payload and names classify the tokens it issues, and a verification is reported at the call whose caller does not check the ' +
      'type claim, with the library call as a related location. The library call inside is then judged through its callers only. ' +
      'A helper of the same module whose key is a parameter (`createTokens(user, secret)`) signs with the key every call of it in ' +
      'the module passes, when they all pass the same one (`createTokens(user, this.getSecret())`); callers that pass different keys give it none.',
    messages: {
      accepts:
        '{{api}} accepts any token signed with {{key}}, which signs {{classes}} tokens, and does not check which kind it got: check a type claim (or pass the expected `typ`/audience), or sign each kind with its own key.',
      unmarked:
        'This {{cls}} token is signed with {{key}}, the key of the {{other}} tokens, and carries no type claim: a verification of the other kind accepts it too. Add a `typ`/purpose claim and check it, or use a separate key.',
    },
    options: {
      markerClaims: {
        type: 'string[]',
        default: ['typ', 'type', 'token_type', 'tokenType', 'token_use', 'tokenUse', 'purpose', 'use', 'kind', 'scope'],
        description: 'Payload claims that say what a token is for (their literal values name its class; a check of one of them on a verified payload pins the class).',
      },
      extraClassWords: {
        type: 'string[]',
        default: [],
        description: 'More words that name a token class, as `class:word` (e.g. `refresh:renew`, `password-reset:recovery`); a new class name adds a class.',
      },
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nconst SECRET = process.env.JWT_SECRET!;\n\nexport function issue(userId: string) {\n  const accessToken = jwt.sign({ sub: userId, role: 'user' }, SECRET, { expiresIn: '15m' });\n  const refreshToken = jwt.sign({ sub: userId }, SECRET, { expiresIn: '30d' });\n  return { accessToken, refreshToken };\n}\n\nexport function authenticate(token: string) {\n  return jwt.verify(token, SECRET, { algorithms: ['HS256'] });\n}\n",
      },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nconst SECRET = process.env.JWT_SECRET!;\n\nexport function issue(userId: string) {\n  const accessToken = jwt.sign({ sub: userId, role: 'user', typ: 'access' }, SECRET, { expiresIn: '15m' });\n  const refreshToken = jwt.sign({ sub: userId, typ: 'refresh' }, SECRET, { expiresIn: '30d' });\n  return { accessToken, refreshToken };\n}\n\nexport function authenticate(token: string) {\n  const payload = jwt.verify(token, SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;\n  if (payload.typ !== 'access') throw new Error('not an access token');\n  return payload;\n}\n",
      },
    },
  },
  create(context) {
    const markerClaims = new Set((context.options.markerClaims as string[] | undefined) ?? []);
    const extra = parseClassWords(context.options.extraClassWords);
    // a wrapper whose key is not one of its parameters signs or verifies with the key inside it
    const keyOf = (operation: JwtOperation): KeyIdentity | undefined => {
      const key = operation.key ?? operation.via?.key;
      return key ? context.keyIdentity(key) : undefined;
    };
    // a project function of this module, or one given only options: the library call inside is judged on its own
    const passesOptionsOnly = (operation: JwtOperation): boolean =>
      operation.via !== undefined && ((!operation.token && !operation.payload && !operation.key) || operation.via.node.getSourceFile() === operation.node.getSourceFile());
    const siteOf = (node: syntax.Node): Site => {
      const at = context.locate(node);
      return `${at.file}:${at.line}:${at.column}`;
    };
    const placement = (operation: JwtOperation) => (operation.via ? { via: siteOf(operation.via.node) } : { site: siteOf(operation.node) });
    const secretsOf = (operation: JwtOperation) => literalSecretsOf(context, operation);
    return {
      sign(operation) {
        if (passesOptionsOnly(operation)) return;
        const key = keyOf(operation);
        if (!key) return;
        // a wrapper whose payload is built inside it: that payload's markers (`{ sub, type }` with `type` a parameter)
        const payloadExpression = operation.payload ?? operation.via?.payload;
        const payload = payloadExpression ? payloadFacts(context.resolve(payloadExpression), markerClaims) : { markers: [] };
        const typ = stringOption(operation, 'typ');
        const markers = [...payload.markers, ...(typ !== undefined ? [{ claim: 'typ', value: typ }] : [])];
        const marked = markers.map((m) => (m.value === undefined ? undefined : tokenClassOfMarker(m.claim, m.value, extra))).find((cls) => cls !== undefined);
        const named = namesAround(operation.call)
          .map((name) => tokenClassOfName(name, extra))
          .find((cls) => cls !== undefined);
        const lifetime = operation.duration('expiresIn');
        const configured = configuredClass(context, operation, extra);
        const data: SignData = {
          op: 'sign',
          key: keyData(key, isSealed([operation.call, ...(operation.through ?? [])])),
          at: context.locate(operation.node, secretsOf(operation)),
          ...placement(operation),
          // a type claim set from a variable still marks the token
          hasMarker: marked !== undefined || payload.markers.some((m) => m.value === undefined && m.claim !== 'scope'),
          ...(marked !== undefined ? { marked } : {}),
          ...(named !== undefined ? { named } : {}),
          ...(configured !== undefined ? { configured } : {}),
          ...(named !== undefined && isMailed(operation.call) ? { mailed: true } : {}),
          ...(stringOption(operation, 'audience') !== undefined ? { audience: stringOption(operation, 'audience') } : {}),
          ...(stringOption(operation, 'subject') !== undefined ? { subject: stringOption(operation, 'subject') } : {}),
          ...(lifetime?.kind === 'relative' ? { lifetime: lifetime.seconds } : {}),
          ...(payload.shape !== undefined ? { shape: payload.shape } : {}),
        };
        context.record(data as unknown as RecordData);
      },
      verify(operation) {
        if (!operation.verifiesSignature || passesOptionsOnly(operation)) return;
        const key = keyOf(operation);
        if (!key) return;
        const { pin, required } = classPin(context, operation, markerClaims);
        const audienceValue = audienceEvidence(operation.option('audience'));
        const data: VerifyData = {
          op: 'verify',
          key: keyData(key, isOpened(operation.token) || isOpened(operation.via?.token)),
          at: context.locate(operation.node, secretsOf(operation)),
          ...placement(operation),
          api: operation.api,
          ...(operation.via ? { viaAt: context.locate(operation.via.node, secretsOf(operation)) } : {}),
          ...(pin ? { pin } : {}),
          ...(required.length > 0 ? { required } : {}),
          ...(audienceValue !== undefined ? { audience: audienceValue } : {}),
          ...(stringOption(operation, 'subject') !== undefined ? { subject: stringOption(operation, 'subject') } : {}),
        };
        context.record(data as unknown as RecordData);
      },
    };
  },
  createProject(context) {
    return {
      scanEnd(records: readonly FileRecord[]) {
        const all = records.map((record) => record.data as unknown as SignData | VerifyData);
        // a library call reached through wrappers is represented by the wrapper calls (their payloads, names and checks)
        const wrapped = new Set(all.map((data) => data.via).filter((via): via is Site => via !== undefined));
        const groups = new Map<string, Group>();
        for (const data of all) {
          if (data.site !== undefined && wrapped.has(data.site)) continue;
          const key = data.key.scope !== undefined ? `${context.packageOf(data.key.scope)}\0${data.key.id}` : data.key.id;
          const id = data.key.sealed ? `${key}\0sealed` : key;
          const group = groups.get(id) ?? { signs: [], verifies: [] };
          if (data.op === 'sign') group.signs.push(data);
          else group.verifies.push(data);
          groups.set(id, group);
        }
        for (const group of groups.values()) {
          if (group.signs.length < 2) continue;
          const classes = classesOf(group.signs);
          if (classes.size < 2) continue;
          const names = [...classes].map(([cls, sites]) => describeClass(cls, sites));
          const classList = names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
          const related = [...classes].flatMap(([cls, sites]) => sites.map((sign) => ({ at: sign.at, message: `signs ${cls} tokens with the same key` }))).slice(0, MAX_RELATED);
          const accepting = group.verifies.filter((verify) => !isPinned(verify, classes));
          for (const verify of accepting) {
            const inside = verify.viaAt ? [{ at: verify.viaAt, message: 'the verification inside the wrapper' }] : [];
            context.report({ at: verify.at, messageId: 'accepts', data: { api: verify.api, key: verify.key.label, classes: classList }, related: [...inside, ...related] });
          }
          // an unmarked long-lived token matters where a verification of the key takes any class
          const accessLike = [...classes.keys()].filter((cls) => !LONG_LIVED_TOKEN_CLASSES.has(cls));
          if (accessLike.length === 0 || accepting.length === 0) continue;
          for (const [cls, sites] of classes) {
            if (!LONG_LIVED_TOKEN_CLASSES.has(cls)) continue;
            for (const sign of sites) {
              if (sign.hasMarker || sign.marked || sign.audience !== undefined || sign.subject !== undefined) continue;
              context.report({ at: sign.at, messageId: 'unmarked', level: 'note', data: { cls, key: sign.key.label, other: accessLike.join(', ') } });
            }
          }
        }
      },
    };
  },
});
