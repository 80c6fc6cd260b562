import { defineRule, stripWrappers, type syntax, type Value } from '../src/engine/ruleApi.js';

interface EmptyKey {
  /** Human description of the key. */
  what: string;
  /** Where the empty value is written. */
  node: syntax.Node;
  fallback: boolean;
}

/** Is the key value empty: '', null, undefined, false, bytes of '', or (as a fallback) one of these? */
function emptyKey(value: Value, blankIsEmpty: boolean, depth = 0): EmptyKey | undefined {
  if (depth > 8) return undefined;
  switch (value.kind) {
    case 'string':
      if (value.value === '' || (blankIsEmpty && value.value.trim() === '')) return { what: 'an empty string', node: value.node, fallback: false };
      return undefined;
    case 'null':
      return { what: 'null', node: value.node, fallback: false };
    case 'undefined':
      return { what: 'undefined', node: value.node, fallback: false };
    case 'boolean':
      return value.value ? undefined : { what: 'false', node: value.node, fallback: false };
    case 'bytes': {
      const inner = emptyKey(value.source, blankIsEmpty, depth + 1);
      return inner && inner.what === 'an empty string' ? { ...inner, what: 'an empty key', fallback: inner.fallback } : undefined;
    }
    case 'fallback': {
      const inner = emptyKey(value.fallback, blankIsEmpty, depth + 1);
      return inner ? { ...inner, fallback: true } : undefined;
    }
    default:
      return undefined;
  }
}

export default defineRule({
  meta: {
    id: 'verify-missing-key',
    title: 'JWT verified with an empty or missing key',
    description: 'A token is verified with an empty string, `null`, `undefined` or `false` as the key, or with an empty fallback when a key variable is not set.',
    rationale:
      'An empty key turns signature checking into a formality: with HMAC anyone can compute a valid signature for an empty secret, and some ' +
      'libraries and versions (jsonwebtoken < 9 among them) accept unsigned `none` tokens when the key is falsy. ' +
      "`process.env.JWT_SECRET || ''` hides a missing configuration in production until someone forges a token.",
    remediation:
      "Load the key at start-up and fail when it is missing: `const key = process.env.JWT_PUBLIC_KEY; if (!key) throw new Error('JWT_PUBLIC_KEY is not set')`, " +
      "then `jwt.verify(token, key, { algorithms: ['RS256'] })`. Never fall back to an empty value.",
    level: 'error',
    precision: 'high',
    securitySeverity: 9.1,
    cwe: [347, 321],
    references: ['https://cwe.mitre.org/data/definitions/347.html', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.5'],
    messages: {
      empty: '{{api}} verifies with {{what}} as the key: signatures are not really checked. Load the key and fail when it is missing.',
      emptyFallback: '{{api}} falls back to {{what}} as the key when it is not configured: fail at start-up instead of verifying with an empty key.',
      missing: '{{api}} is called without a key: pass the verification key explicitly.',
    },
    options: {
      reportEmptyFallback: {
        type: 'boolean',
        default: true,
        description: "Report a key that falls back to an empty value (`process.env.JWT_SECRET || ''`) when the primary value is missing.",
      },
      blankIsEmpty: {
        type: 'boolean',
        default: true,
        description: 'Treat a key made only of whitespace as empty.',
      },
      reportMissingArgument: {
        type: 'boolean',
        default: true,
        description: 'Report a verification call that leaves out the positional key argument entirely (`verify(token)`).',
      },
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport function readUser(token: string) {\n  return jwt.verify(token, process.env.JWT_SECRET || '', { algorithms: ['HS256'] });\n}\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nconst secret = process.env.JWT_SECRET;\nif (!secret) throw new Error('JWT_SECRET is not set');\n\n" +
          "export function readUser(token: string) {\n  return jwt.verify(token, secret, { algorithms: ['HS256'] });\n}\n",
      },
    },
    wrapperCalls:
      'A project function that passes one of its parameters to a verification as the key (`verifyToken = (token, key) => jwt.verify(token, key, options)`), ' +
      'in the same module or another, is reported at each call that passes an empty key or leaves the key out (`verifyToken(token)`), with the ' +
      'library call as a related location; a default of the parameter counts for calls that leave it out. A key written inside the function ' +
      'is reported at the library call.',
  },
  create(context) {
    const reportFallback = context.options.reportEmptyFallback !== false;
    const blankIsEmpty = context.options.blankIsEmpty !== false;
    const reportMissing = context.options.reportMissingArgument !== false;
    return {
      verify(operation) {
        // through a project function only a key its caller passes (or leaves out): a key written inside is the library call's
        if (operation.via && !operation.key && !operation.keyArgumentMissing) return;
        const secret = operation.option('secret');
        const value = operation.key ? context.resolve(operation.key) : secret.state === 'present' && !operation.via ? secret.value : undefined;
        if (!value) {
          const steps = operation.via ? [{ at: stripWrappers(operation.node.expression), message: 'called without a key' }] : undefined;
          if (reportMissing && operation.keyArgumentMissing) context.report({ at: operation.node, messageId: 'missing', data: { api: operation.api }, steps });
          return;
        }
        const empty = emptyKey(value, blankIsEmpty);
        if (!empty || (empty.fallback && !reportFallback)) return;
        context.report({
          at: operation.node,
          messageId: empty.fallback ? 'emptyFallback' : 'empty',
          data: { api: operation.api, what: empty.what },
          related: empty.node === operation.node ? [] : [{ at: empty.node, message: empty.fallback ? 'empty fallback key' : 'empty key' }],
        });
      },
    };
  },
});
