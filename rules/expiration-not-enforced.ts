import {
  claimComparedWithClock,
  defineRule,
  enclosingFunction,
  formatDuration,
  removeListElement,
  withoutBind,
  toDuration,
  syntax,
  type JwtOperation,
  type OptionFact,
  type RuleContext,
  type RuleFix,
  type Value,
} from '../src/engine/ruleApi.js';

function optionName(fact: OptionFact, fallback: string): string {
  const path = fact.location.path;
  if (path && path.length > 0) return path[path.length - 1];
  return fact.location.method ?? fallback;
}

/** A literal duration option in seconds, using the unit the library model gives it. */
function seconds(fact: OptionFact): number | undefined {
  if (fact.state !== 'present') return undefined;
  const value = fact.value;
  if (value.kind !== 'number' && value.kind !== 'string') return undefined;
  const duration = toDuration(value.value, fact.location.unit ?? 'seconds');
  return duration?.kind === 'relative' ? duration.seconds : undefined;
}

/**
 * A literal that turns a boolean flag on, as written (`true`, `1`, `'false'`): libraries test these flags for
 * truthiness, so any non-empty string or non-zero number switches the check off too.
 */
function truthyLiteral(value: Value): string | undefined {
  if (value.kind === 'boolean') return value.value ? 'true' : undefined;
  if (value.kind === 'number') return value.value !== 0 && !Number.isNaN(value.value) ? String(value.value) : undefined;
  if (value.kind === 'string') return value.value !== '' ? JSON.stringify(value.value) : undefined;
  return undefined;
}

/**
 * Removing the property restores the library's own expiry check: offered for an object-literal property that
 * switches the check off as written (not a negated flag, whose absence may mean something else).
 */
function removeOptionFix(fact: OptionFact): RuleFix | undefined {
  if (fact.state !== 'present' || fact.location.negated || !syntax.isPropertyAssignment(fact.node)) return undefined;
  const edit = removeListElement(fact.node);
  if (edit === undefined) return undefined;
  return { description: `Remove \`${fact.node.getText()}\``, edits: [edit] };
}

/**
 * Where the code that receives the verified claims compares `exp` with the clock itself: the verify callback (a
 * passport-jwt verify function, also a method passed as `this.check.bind(this)`), or the function making the call.
 */
function expiryCheckedByHand(context: RuleContext, operation: JwtOperation): syntax.Node | undefined {
  const places: syntax.Node[] = [];
  // `this.tokenManager.check.bind(this)`: the method bound
  const callback = operation.callback && withoutBind(operation.callback);
  if (callback && (syntax.isArrowFunction(callback) || syntax.isFunctionExpression(callback))) places.push(callback);
  else if (callback) {
    const value = context.resolve(callback);
    if (value.kind === 'function') places.push(value.node);
  }
  // the function making the call (not the whole module: a check there may belong to another verification)
  const scope = enclosingFunction(operation.node);
  if (!syntax.isSourceFile(scope)) places.push(scope);
  for (const place of places) {
    const check = claimComparedWithClock(place, 'exp');
    if (check) return check;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'expiration-not-enforced',
    title: 'Token expiry not enforced by verification',
    description:
      'Verification is told to ignore the `exp` claim, or accepts expired tokens for too long through a large clock tolerance or maximum token age. ' +
      'Ignoring `exp` is not reported when the code that receives the claims compares `exp` with the clock itself: the verify callback ' +
      '(passport-jwt, also a method passed as `manager.check.bind(manager)`) or the function making the verify call.',
    rationale:
      'Expiry is what limits the damage of a stolen token. With `ignoreExpiration` a leaked token works forever; a clock tolerance of hours ' +
      'or a maximum age of weeks keeps expired and very old tokens valid far beyond the lifetime the issuer chose.',
    remediation:
      'Remove `ignoreExpiration: true` (or `ignoreExp`), keep `clockTolerance` to a few seconds (e.g. `clockTolerance: 30`) and `maxAge` ' +
      "to the session length you need (e.g. `maxAge: '1h'`). Use refresh tokens to keep users signed in instead of accepting old tokens.",
    level: 'error',
    precision: 'very-high',
    securitySeverity: 6.5,
    cwe: [613],
    references: [
      'https://cwe.mitre.org/data/definitions/613.html',
      'https://datatracker.ietf.org/doc/html/rfc7519#section-4.1.4',
      'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback',
    ],
    messages: {
      ignored: '{{api}} is told to ignore token expiry (`{{option}}: {{value}}`): expired tokens are accepted forever. Remove the option.',
      ignoredByDefault: '{{api}} does not check token expiry unless told to: enable the expiry check.',
      tolerance: '{{api}} accepts tokens up to {{value}} after they expire (`{{option}}`), more than {{limit}}: keep the clock tolerance to seconds.',
      maxAge: '{{api}} accepts tokens up to {{value}} old (`{{option}}`), more than {{limit}}: lower the maximum token age.',
    },
    options: {
      maxClockToleranceSeconds: { type: 'number', default: 300, description: 'Largest clock tolerance (leeway after `exp`), in seconds, that is not reported.' },
      maxTokenAgeSeconds: { type: 'number', default: 86_400, description: 'Largest maximum token age (`maxAge`), in seconds, that is not reported.' },
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'], issuer: 'https://auth.example.com', ignoreExpiration: true });\n}\n",
      },
      good: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_PUBLIC_KEY!, { algorithms: ['RS256'], issuer: 'https://auth.example.com', clockTolerance: 30 });\n}\n",
      },
    },
  },
  create(context) {
    const toleranceLimit = Number(context.options.maxClockToleranceSeconds);
    const ageLimit = Number(context.options.maxTokenAgeSeconds);
    const check = (operation: JwtOperation): void => {
      const ignore = operation.option('ignoreExpiration');
      const canonical = ignore.state === 'present' ? truthyLiteral(ignore.value) : undefined;
      // A negated library flag (`exp: false` meaning "ignore expiry") is shown as written.
      const written = canonical !== undefined && ignore.location.negated ? 'false' : canonical;
      // the code checks `exp` against the clock itself, as the library would have
      if (ignore.state === 'present' && written !== undefined && expiryCheckedByHand(context, operation)) return;
      if (ignore.state === 'present' && written !== undefined) {
        const fix = operation.libraryDefaults.ignoreExpiration === true ? undefined : removeOptionFix(ignore);
        context.report({ at: ignore.node, messageId: 'ignored', data: { api: operation.api, option: optionName(ignore, 'ignoreExpiration'), value: written }, fix });
      } else if (ignore.state === 'absent' && operation.libraryDefaults.ignoreExpiration === true) {
        context.report({ at: operation.node, messageId: 'ignoredByDefault', data: { api: operation.api } });
      }
      const tolerance = operation.option('clockTolerance');
      const toleranceSeconds = seconds(tolerance);
      if (tolerance.state === 'present' && toleranceSeconds !== undefined && toleranceSeconds > toleranceLimit) {
        context.report({
          at: tolerance.node,
          messageId: 'tolerance',
          data: { api: operation.api, option: optionName(tolerance, 'clockTolerance'), value: formatDuration(toleranceSeconds), limit: formatDuration(toleranceLimit) },
        });
      }
      const maxAge = operation.option('maxAge');
      const maxAgeSeconds = seconds(maxAge);
      if (maxAge.state === 'present' && maxAgeSeconds !== undefined && maxAgeSeconds > ageLimit) {
        context.report({
          at: maxAge.node,
          messageId: 'maxAge',
          data: { api: operation.api, option: optionName(maxAge, 'maxAge'), value: formatDuration(maxAgeSeconds), limit: formatDuration(ageLimit) },
        });
      }
    };
    return { verify: check };
  },
});
