import {
  accessName,
  callerOf,
  claimWords as words,
  dateOffsetSeconds,
  defineRule,
  formatDuration,
  namesCustomExpiry,
  namesIssueTime,
  nowOffset,
  optionExpression,
  providerOfAudience,
  stripWrappers,
  toDuration,
  syntax,
  TYPE_CLAIMS,
  type JwtOperation,
  type OptionFact,
  type RuleContext,
  type Value,
} from '../src/engine/ruleApi.js';

/** The request field a lifetime option comes from (`req.query.expiry`, also before a `||` default), if it does. */
function requestChosen(context: RuleContext, fact: OptionFact): string | undefined {
  let node = optionExpression(fact);
  // the value before its defaults (`req.query.expiry || '1d'`)
  while (node && syntax.isBinaryExpression(stripWrappers(node))) {
    const binary = stripWrappers(node) as syntax.BinaryExpression;
    const defaulted = binary.operatorToken.kind === syntax.SyntaxKind.BarBarToken || binary.operatorToken.kind === syntax.SyntaxKind.QuestionQuestionToken;
    node = defaulted ? binary.left : undefined;
  }
  if (!node || !context.requestOrigin(node)) return undefined;
  const text = stripWrappers(node).getText();
  return text.length <= 40 ? text : (accessName(stripWrappers(node)) ?? 'request data');
}

/**
 * The identity provider the token is addressed to (`aud: 'https://appleid.apple.com'`, in the payload or the options):
 * a client assertion for that provider, whose lifetime the provider limits (Apple takes up to six months), not a
 * token the application accepts back.
 */
function addressedProvider(operation: JwtOperation, context: RuleContext): string | undefined {
  const audiences: Value[] = [];
  const option = operation.optionLocation('audience') ? operation.option('audience') : undefined;
  if (option?.state === 'present') audiences.push(option.value);
  const payload = operation.payload ? context.resolve(operation.payload) : undefined;
  const claim = payload?.kind === 'object' ? payload.props.get('aud')?.value : undefined;
  if (claim) audiences.push(claim);
  for (const audience of audiences) {
    const provider = audience.kind === 'string' ? providerOfAudience(audience.value) : undefined;
    if (provider) return provider;
  }
  return undefined;
}

const namesRefresh = (name: string): boolean => words(name).some((word) => word === 'refresh' || /^refresh(token|jwt)s?$/.test(word));

/** The name a call's result is stored under: `const refreshToken = await sign(...)`, `{ refresh: sign(...) }`, `this.refreshToken = ...`. */
function assignedName(node: syntax.Node): string | undefined {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return undefined;
    const chained =
      (syntax.isPropertyAccessExpression(parent) && parent.expression === current) ||
      (syntax.isCallExpression(parent) && parent.expression === current) ||
      syntax.isAwaitExpression(parent) ||
      syntax.isParenthesizedExpression(parent) ||
      syntax.isAsExpression(parent) ||
      syntax.isNonNullExpression(parent) ||
      syntax.isSatisfiesExpression(parent);
    if (!chained) break;
    current = parent;
  }
  const parent = current.parent;
  if (syntax.isVariableDeclaration(parent) && parent.initializer === current && syntax.isIdentifier(parent.name)) return parent.name.text;
  if (syntax.isPropertyAssignment(parent) && parent.initializer === current && (syntax.isIdentifier(parent.name) || syntax.isStringLiteral(parent.name))) return parent.name.text;
  if (syntax.isPropertyDeclaration(parent) && parent.initializer === current && syntax.isIdentifier(parent.name)) return parent.name.text;
  if (syntax.isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === syntax.SyntaxKind.EqualsToken) {
    const left = stripWrappers(parent.left);
    if (syntax.isIdentifier(left)) return left.text;
    if (syntax.isPropertyAccessExpression(left)) return left.name.text;
  }
  if (syntax.isReturnStatement(parent) || (syntax.isArrowFunction(parent) && parent.body === current)) return returningFunctionName(current);
  return undefined;
}

/** Verbs that make a function name a noun phrase about the token it returns: `issueRefresh`, `createRefreshToken`. */
const MAKING_VERBS = new Set(['issue', 'create', 'sign', 'generate', 'make', 'mint', 'new', 'build', 'get']);

/**
 * The name of the function whose result the call is, when that name describes the token: `issueRefresh()`
 * but not `refresh()` (an endpoint that refreshes may well return a new access token).
 */
function returningFunctionName(node: syntax.Node): string | undefined {
  let current: syntax.Node | undefined = node.parent;
  while (current && !syntax.isFunctionLike(current)) current = current.parent;
  if (!current) return undefined;
  let name: string | undefined;
  if ((syntax.isFunctionDeclaration(current) || syntax.isMethodDeclaration(current)) && current.name && syntax.isIdentifier(current.name)) name = current.name.text;
  else if ((syntax.isArrowFunction(current) || syntax.isFunctionExpression(current)) && syntax.isVariableDeclaration(current.parent) && syntax.isIdentifier(current.parent.name))
    name = current.parent.name.text;
  if (name === undefined) return undefined;
  const w = words(name);
  return MAKING_VERBS.has(w[0] ?? '') ? name : undefined;
}

/**
 * A sign call in a `case 'refresh':` of a switch (`generateToken(kind)` issuing every kind of token), or whose key is
 * named as the refresh tokens' key (`process.env.JWT_REFRESH_SECRET`, `config.get('REFRESH_TOKEN_SECRET')`).
 */
function placeSaysRefresh(node: syntax.Node, key: syntax.Expression | undefined, context: { resolve(expression: syntax.Expression): Value }): boolean {
  for (let current = node.parent; current && !syntax.isFunctionLike(current); current = current.parent) {
    if (syntax.isCaseClause(current) && syntax.isStringLiteralLike(current.expression) && namesRefresh(current.expression.text)) return true;
  }
  if (!key) return false;
  const value = context.resolve(key);
  const keyName = value.kind === 'env' ? value.name : value.kind === 'fallback' && value.primary.kind === 'env' ? value.primary.name : key.getText();
  return namesRefresh(keyName);
}

/**
 * What the payload says of `exp`. A signer made by a factory is also reported at the factory call without its payload:
 * `exp` may come later. Through a project function the payload may be built inside it: the function's operation knows.
 * A payload typed as a record with no `exp` field carries no expiry (`issue(user: User) { return jwt.sign(user, key) }`).
 */
function payloadExpFact(operation: JwtOperation, location: ReturnType<JwtOperation['optionLocation']>): OptionFact | undefined {
  if (!location) return undefined;
  const fact: OptionFact = operation.payload || operation.via ? operation.option('payloadExp') : { state: 'unknown', node: operation.node, location };
  if (fact.state !== 'unknown' || !typedWithoutExp(operation)) return fact;
  return { state: 'absent', location: fact.location, ...(operation.via ? { caller: operation.node } : {}) };
}

/**
 * Is the whole payload a value of a record type whose fields are all known, none of them `exp`, or a persisted entity
 * (an ORM model's row holds no JWT expiry claim)?
 */
function typedWithoutExp(operation: JwtOperation): boolean {
  if (!operation.payload) return false;
  const record = operation.recordsIn(operation.payload).find((placement) => placement.path === '')?.record;
  if (!record || record.members.some((member) => member.name === 'exp')) return false;
  return record.entity !== undefined || (record.complete === true && record.members.length > 0);
}

function typeClaimSaysRefresh(payload: Value | undefined): boolean {
  if (!payload || payload.kind !== 'object') return false;
  return TYPE_CLAIMS.some((claim) => {
    const value = payload.props.get(claim)?.value;
    return value?.kind === 'string' && /refresh/i.test(value.value);
  });
}

interface Lifetime {
  seconds: number;
  /** For a configuration default (`process.env.TTL || '30d'`): the default literal, and the setting that overrides it. */
  fallback?: { node: syntax.Node; setting: string };
  /** For one of several constants that reach the option (`ttl = remember ? '365d' : '1h'`): the longest one, where it is written. */
  longest?: syntax.Node;
  /** That constant is the refresh token's lifetime of a helper that signs several classes (`kind === 'refresh' ? '7d' : '1h'`). */
  refreshBranch?: boolean;
}

/** The maximum a constant lifetime is held to: the refresh maximum in a branch that says refresh, else the call's. */
type LimitOf = (alternative: syntax.Node) => { max: number; refreshBranch: boolean };

/**
 * Of the constant lifetimes an option may take, when it is one of several (Value `alternatives`): the one furthest
 * above its own maximum (each branch of `kind === REFRESH ? '7d' : '1h'` is held to its class's), else the longest.
 */
function longestAlternative(value: Value, unit: Parameters<typeof toDuration>[1], limitOf?: LimitOf): Lifetime | undefined {
  let found: (Lifetime & { excess: number }) | undefined;
  for (const alternative of value.kind === 'unknown' ? (value.alternatives ?? []) : []) {
    const duration = alternative.kind === 'number' || alternative.kind === 'string' ? toDuration(alternative.value, unit) : undefined;
    if (duration?.kind !== 'relative') continue;
    const limit = limitOf?.(alternative.node) ?? { max: 0, refreshBranch: false };
    const excess = duration.seconds - limit.max;
    if (!found || excess > found.excess) found = { seconds: duration.seconds, longest: alternative.node, excess, ...(limit.refreshBranch ? { refreshBranch: true } : {}) };
  }
  if (!found) return undefined;
  const { excess: _excess, ...lifetime } = found;
  return lifetime;
}

/**
 * Is a constant the refresh branch of a choice between token classes: the default of a refresh-named setting
 * (`settings.refreshTokenTTL ?? '7d'`), or the branch a test for refresh picks (`kind === REFRESH ? '7d' : '1h'`)?
 */
function refreshBranch(node: syntax.Node, context: { resolve(expression: syntax.Expression): Value }): boolean {
  const says = (expression: syntax.Expression): boolean => {
    const e = stripWrappers(expression);
    const value = context.resolve(e);
    if (value.kind === 'string' && namesRefresh(value.value)) return true;
    if (value.kind === 'env') return namesRefresh(value.name);
    const name = accessName(e);
    return name !== undefined && namesRefresh(name);
  };
  for (let current = node; current.parent && syntax.isExpression(current.parent) && !syntax.isFunctionLike(current.parent); current = current.parent) {
    const parent = current.parent;
    if (syntax.isBinaryExpression(parent) && parent.right === current && [syntax.SyntaxKind.QuestionQuestionToken, syntax.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind)) {
      if (says(parent.left)) return true;
    }
    if (syntax.isConditionalExpression(parent) && parent.condition !== current) {
      const test = stripWrappers(parent.condition);
      const comparison = syntax.isBinaryExpression(test) && syntax.isEqualityOperator(test.operatorToken.kind) ? test : undefined;
      const unequal = comparison !== undefined && syntax.isNotEqualsOperator(comparison.operatorToken.kind);
      const refreshTest = comparison ? says(comparison.left) || says(comparison.right) : says(test);
      if (refreshTest && (unequal ? parent.whenFalse === current : parent.whenTrue === current)) return true;
    }
  }
  return false;
}

/** Lifetime of a present option, or undefined when it cannot be computed. */
function lifetimeOf(context: RuleContext, fact: Extract<OptionFact, { state: 'present' }>, limitOf?: LimitOf): Lifetime | undefined {
  const unit = fact.location.unit;
  const value = fact.value;
  if ((value.kind === 'number' || value.kind === 'string') && unit) {
    const duration = toDuration(value.value, unit);
    if (duration?.kind === 'relative') return { seconds: duration.seconds };
  }
  // `expiresIn: config.jwt.expiresIn` with `expiresIn: process.env.EXPIRES_IN || '30d'`: the default applies unless configured
  if (value.kind === 'fallback' && (value.fallback.kind === 'number' || value.fallback.kind === 'string') && unit) {
    const duration = toDuration(value.fallback.value, unit);
    const setting =
      value.primary.kind === 'env'
        ? `\`${value.primary.name}\``
        : syntax.isBinaryExpression(value.node)
          ? `\`${value.node.left.getText().slice(0, 40)}\``
          : syntax.isBindingElement(value.node)
            ? `\`${value.node.name.getText().slice(0, 40)}\``
            : 'it';
    if (duration?.kind === 'relative') return { seconds: duration.seconds, fallback: { node: value.fallback.node, setting } };
  }
  // `let ttl = '1h'; if (remember) ttl = '365d'`: the longest the call may give
  const longest = unit ? longestAlternative(value, unit, limitOf) : undefined;
  if (longest) return longest;
  // `exp: Math.floor(Date.now() / 1000) + 3600`, `setExpirationTime(now + 3600)`
  const expression = syntax.isPropertyAssignment(fact.node) ? fact.node.initializer : syntax.isExpression(fact.node) ? fact.node : undefined;
  const e = expression ? stripWrappers(expression) : undefined;
  const numberOf = (node: syntax.Expression): number | undefined => {
    const resolved = context.resolve(node);
    return resolved.kind === 'number' ? resolved.value : undefined;
  };
  // `exp: d.getTime() / 1000` after `d.setDate(d.getDate() + 60)`
  const moved = e && (unit === 'epoch-seconds' || unit === 'jose-time') ? dateOffsetSeconds(e, numberOf) : undefined;
  if (moved !== undefined) return { seconds: moved };
  const offset = e && (unit === 'epoch-seconds' || unit === 'jose-time') ? nowOffset(e) : undefined;
  const seconds = offset && context.resolve(offset);
  return seconds?.kind === 'number' ? { seconds: seconds.value } : undefined;
}

/** An option written with a value (not `undefined` or `null`, which leave the token without expiry). */
function isSet(fact: OptionFact): boolean {
  return fact.state === 'present' && fact.value.kind !== 'undefined' && fact.value.kind !== 'null';
}

export default defineRule({
  meta: {
    id: 'missing-expiration',
    title: 'JWT issued without an expiry or with a very long lifetime',
    description: 'A token is signed without an expiration time, or with one longer than the configured maximum.',
    rationale:
      'A token without `exp` is valid forever: a token that leaks through a log, a browser extension or a proxy can be replayed indefinitely, ' +
      'and logging out, changing the password or disabling the account does not stop it. Long lifetimes have the same problem for ' +
      'weeks or months. Access tokens should live minutes to hours; long-lived sessions belong in refresh tokens that the server can revoke.',
    remediation:
      "Give every token an expiry: `jwt.sign(claims, key, { algorithm: 'RS256', expiresIn: '15m' })` or " +
      "`new SignJWT(claims).setExpirationTime('15m')`. Keep access tokens short (the default maximum is 24 hours) and refresh tokens " +
      'bounded (the default maximum is 30 days); rotate refresh tokens on use and store their ids so they can be revoked.\n\n' +
      'A payload whose contents are not in view is reported only when its type says it has no `exp`: a parameter or value typed as an ' +
      'interface, class or type literal of the project with no index signature, whose base types are all declared in the project ' +
      '(`issue(user: User) { return jwt.sign(user, key) }`), or a persisted entity of an ORM (a Prisma `User`, a TypeORM `@Entity`); ' +
      '`object`, `Record<…>` or a type extending a package type may hold `exp`.\n\n' +
      'A token whose payload carries its own expiry or issue time (`expiresAt`, `validUntil`, `createdAt`) instead of `exp` is not reported ' +
      'when code that verifies tokens in the same package reads that claim (the application enforces it itself); otherwise the finding says ' +
      'that the custom claim is not enforced by the library.\n\n' +
      "Lifetimes are read where they are written: a configuration default (`expiresIn: process.env.JWT_EXPIRES_IN || '30d'` in a config " +
      'module) is reported at the default when it is too long, and an `exp` made by Date arithmetic (`d.setDate(d.getDate() + 60)`, ' +
      "`exp: d.getTime() / 1000`) or by a date library (`exp: moment().add(14, 'days').unix()`, dayjs) counts the days it adds. A lifetime held in a `let` counts every assignment that can reach the sign " +
      "call: `let ttl = 129600; if (process.env.TTL) ttl = parseInt(process.env.TTL)` is a default (also through `ttl + 'm'` in a " +
      "wrapper the caller passes it to), and of several constants (`if (remember) ttl = '365d'`, `remember ? '30d' : '1h'`) the longest is " +
      'reported where it is written.\n\n' +
      "A lifetime the request chooses (`expiresIn: req.query.expiry || '1d'`) is reported whatever the default: any client can mint a " +
      "token that lasts as long as it asks; a value the server caps first (`Math.min(ttl, 3600)`) is not the request's.\n\n" +
      "A token addressed to a well-known identity provider (`aud: 'https://appleid.apple.com'`, Google's token endpoint) is a client " +
      "assertion or client secret for that provider (Sign in with Apple's `client_secret` may live six months), whose lifetime the provider " +
      'limits: it is not reported.\n\n' +
      "A session framework's own lifetime left at its default (Auth.js / NextAuth `session: { strategy: 'jwt' }` without `maxAge`: 30 days, " +
      'renewed while the user is active) is not reported: it is a rolling session cookie, not a token handed out, and a `maxAge` written ' +
      'above the maximum is.',
    level: 'warning',
    precision: 'high',
    securitySeverity: 5.4,
    cwe: [613],
    references: ['https://datatracker.ietf.org/doc/html/rfc8725#section-3.10', 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html'],
    messages: {
      missing: '{{api}} issues a token without an expiry: set {{option}} (minutes to hours for access tokens).',
      chosenByRequest:
        '{{api}} issues a token whose lifetime the request chooses ({{source}}): a client can mint a token that lasts as long as it likes. ' +
        'Set the lifetime on the server, or cap what the client may ask for.',
      customClaim:
        '{{api}} issues a token without `exp`: its `{{claim}}` claim is not enforced by the library, and nothing in the scan reads it after verification. ' +
        'Set {{option}}, or check the claim after every verification.',
      tooLong: '{{api}} issues {{what}} valid for {{lifetime}}, above the {{max}} maximum: shorten it and use revocable refresh tokens for long sessions.',
      tooLongByDefault:
        '{{api}} issues {{what}} valid for {{lifetime}} unless {{setting}} is set, above the {{max}} maximum: shorten this default and use revocable refresh tokens for long sessions.',
    },
    options: {
      maxLifetime: { type: 'string', default: '24h', description: 'Longest accepted lifetime of a token, in vercel/ms notation (`15m`, `24h`, `7d`).' },
      maxRefreshLifetime: {
        type: 'string',
        default: '30d',
        description:
          'Longest accepted lifetime of a refresh token (named so by the variable or property it is stored in, by a `typ`/`type` claim, ' +
          "by the `case 'refresh':` it is signed in, by a key named as the refresh key such as `JWT_REFRESH_SECRET`, or, for one lifetime " +
          "of several, by the branch that picks it: `kind === 'refresh' ? '7d' : '1h'`, `settings.refreshTokenTTL ?? '7d'`).",
      },
    },
    examples: {
      bad: { code: "import jwt from 'jsonwebtoken';\n\nexport const issue = (userId: string) =>\n  jwt.sign({ sub: userId }, process.env.JWT_PRIVATE_KEY!, { algorithm: 'RS256' });\n" },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport const issue = (userId: string) =>\n  jwt.sign({ sub: userId }, process.env.JWT_PRIVATE_KEY!, { algorithm: 'RS256', expiresIn: '15m' });\n",
      },
    },
    wrapperCalls:
      'A project function that leaves the signing options (or the payload) to its callers (`createToken = (payload, secret, options?) => ' +
      'jwt.sign(payload, secret, options)`), in the same module or another, is reported at each call that gives no expiry ' +
      '(`createToken({ userId }, SECRET)`) or too long a one, with the library call as a related location; calls that pass `expiresIn` are not, ' +
      "and neither is a function whose options parameter defaults to an expiry (`options = { expiresIn: '1h' }`). A parameter's default also " +
      "applies to a call that passes an environment variable (`makeJWT(info, process.env.JWT_EXPIRY)` with `expiry = '30d'`): while the " +
      'variable is unset the default is the lifetime, reported at the default as a configuration default is. A library call whose options ' +
      'are written inside the function is reported there, once, whatever its callers do.',
  },
  create(context) {
    const limit = (name: 'maxLifetime' | 'maxRefreshLifetime'): number => {
      const raw = context.options[name];
      if (typeof raw === 'number' && raw > 0) return raw;
      const parsed = typeof raw === 'string' ? toDuration(raw, 'timespan') : undefined;
      if (parsed?.kind === 'relative' && parsed.seconds > 0) return parsed.seconds;
      throw new Error(`option ${name}: expected a duration such as '24h', received ${JSON.stringify(raw)}`);
    };
    const maxLifetime = limit('maxLifetime');
    const maxRefreshLifetime = limit('maxRefreshLifetime');

    return {
      sign(operation: JwtOperation) {
        const locations = { expiresIn: operation.optionLocation('expiresIn'), payloadExp: operation.optionLocation('payloadExp') };
        const libraryDefault = operation.libraryDefaults.expiresIn;
        if (!locations.expiresIn && !locations.payloadExp && libraryDefault === undefined) return; // the library has no notion of expiry we model
        if (addressedProvider(operation, context)) return; // a client assertion: the provider bounds its lifetime
        const expiresIn = locations.expiresIn ? operation.option('expiresIn') : undefined;
        const facts = [expiresIn, payloadExpFact(operation, locations.payloadExp)].filter((fact): fact is OptionFact => fact !== undefined);
        // Through a project function only what its caller decides (options it passes or leaves out) is reported at
        // the call; options written inside the function are reported at the library call there.
        if (operation.via && !facts.some((fact) => callerOf(fact))) return;
        const callerStep = operation.via ? [{ at: stripWrappers(operation.node.expression), message: 'called without an expiry' }] : undefined;

        if (!facts.some(isSet) && libraryDefault === undefined) {
          if (facts.some((fact) => fact.state === 'unknown')) return;
          // Module-configured libraries: without the registration in view its defaults are unknown.
          if (
            operation.configuredByModule &&
            !operation.registration &&
            [locations.expiresIn, locations.payloadExp].some((location) => location?.moduleDefault || location?.alternatives?.some((alternative) => alternative.moduleDefault))
          )
            return;
          const location = locations.expiresIn;
          const option = location ? (location.method ? `\`${location.method}()\`` : `\`${(location.path ?? ['expiresIn']).join('.')}\``) : 'an `exp` claim';
          // An expiry (or issue time) the application writes and checks itself: credited when a verifying file reads it
          const payloadValue = operation.payload ? context.resolve(operation.payload) : undefined;
          const custom = payloadValue?.kind === 'object' ? [...payloadValue.props.keys()].filter((claim) => namesCustomExpiry(claim) || namesIssueTime(claim)) : [];
          if (custom.length > 0) {
            if (custom.some((claim) => context.claimReadAfterVerify(claim) !== undefined)) return;
            context.report({ at: operation.node, messageId: 'customClaim', data: { api: operation.api, claim: custom[0], option }, steps: callerStep });
            return;
          }
          context.report({ at: operation.node, messageId: 'missing', data: { api: operation.api, option }, steps: callerStep });
          return;
        }

        const payload = operation.payload ? context.resolve(operation.payload) : undefined;
        const name = assignedName(operation.node);
        const refresh = (name !== undefined && namesRefresh(name)) || typeClaimSaysRefresh(payload) || placeSaysRefresh(operation.node, operation.key, context);
        const max = refresh ? maxRefreshLifetime : maxLifetime;
        for (const fact of facts) {
          if (fact.state !== 'present' || !isSet(fact) || (operation.via && !callerOf(fact))) continue;
          const chosen = requestChosen(context, fact); // `expiresIn: req.query.expiry || '1d'`: the client picks any lifetime
          if (chosen) return context.report({ at: fact.node, messageId: 'chosenByRequest', data: { api: operation.api, source: chosen } });
          const limitOf: LimitOf = (node) => (!refresh && refreshBranch(node, context) ? { max: maxRefreshLifetime, refreshBranch: true } : { max, refreshBranch: false });
          const lifetime = lifetimeOf(context, fact, limitOf);
          const limit = lifetime?.refreshBranch ? maxRefreshLifetime : max;
          if (lifetime === undefined || lifetime.seconds <= limit) continue;
          const classOf = refresh || lifetime.refreshBranch ? 'a refresh token' : 'a token';
          const data = { api: operation.api, what: classOf, lifetime: formatDuration(lifetime.seconds), max: formatDuration(limit) };
          // a configuration default is reported where it is written, once for every sign call that takes it
          const at = lifetime.fallback?.node ?? lifetime.longest ?? fact.node;
          context.report({
            at,
            ...(lifetime.fallback ? { messageId: 'tooLongByDefault' as const, data: { ...data, setting: lifetime.fallback.setting } } : { messageId: 'tooLong' as const, data }),
            related: [
              ...(at === fact.node ? [] : [{ at: fact.node, message: 'the lifetime option' }]),
              ...(fact.node === operation.node ? [] : [{ at: operation.node, message: `signed by ${operation.api}` }]),
            ],
            steps: operation.via ? [{ at: fact.node, message: 'lifetime passed by the caller' }] : undefined,
          });
          return;
        }
      },
    };
  },
});
