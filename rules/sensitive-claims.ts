import { claimWords as words, defineRule, type syntax, type JwtOperation, type RecordType, type Value } from '../src/engine/ruleApi.js';

/**
 * Sensitive field names as word sequences (matched on the words of camelCase / snake_case keys). A key is
 * sensitive when it contains one of these sequences, is not phrased as a flag about it (`hasPassword`,
 * `isSecretSet`) and any words after the sequence only describe an encoding of the same value
 * (`passwordHash`, `secretKey`, `cardNumberEncrypted`) rather than metadata about it (`passwordChangedAt`,
 * `secretName`, `privateKeyId`).
 */
const SENSITIVE: readonly (readonly string[])[] = [
  ['password'],
  ['passwd'],
  ['pwd'],
  ['passphrase'],
  ['passwordhash'],
  ['hashedpassword'],
  ['secret'],
  ['client', 'secret'],
  ['secret', 'access', 'key'],
  ['api', 'key'],
  ['apikey'],
  ['private', 'key'],
  ['privatekey'],
  ['privkey'],
  ['card', 'number'],
  ['cardnumber'],
  ['credit', 'card'],
  ['creditcard'],
  ['cc', 'number'],
  ['card', 'no'],
  ['pan'],
  ['cvv'],
  ['cvv2'],
  ['cvc'],
  ['cvc2'],
  ['card', 'security', 'code'],
  ['ssn'],
  ['social', 'security', 'number'],
  ['national', 'id'],
  ['nationalid'],
  ['national', 'identity', 'number'],
  ['passport', 'number'],
  ['tax', 'id'],
];
/** Words after the sequence that still name the sensitive value itself. */
const VALUE_SUFFIXES = new Set([
  'hash',
  'hashed',
  'digest',
  'plain',
  'plaintext',
  'text',
  'raw',
  'value',
  'encrypted',
  'enc',
  'base64',
  'b64',
  'pem',
  'key',
  'number',
  'no',
  'num',
  'confirm',
  'confirmation',
  'data',
]);
/** Leading words that turn the key into a flag or metadata about the value. */
const FLAG_PREFIXES = new Set([
  'has',
  'is',
  'needs',
  'need',
  'require',
  'requires',
  'required',
  'should',
  'can',
  'must',
  'was',
  'did',
  'show',
  'allow',
  'force',
  'enable',
  'enabled',
  'last',
  'min',
  'max',
  'no',
]);
/** `pan` is also a camera/UI word: only as the whole key. */
const WHOLE_KEY_ONLY = new Set(['pan']);
const MAX_DEPTH = 6;

function isSensitiveKey(key: string): boolean {
  const w = words(key);
  for (const sequence of SENSITIVE) {
    if (sequence.length === 1 && WHOLE_KEY_ONLY.has(sequence[0]) && !(w.length === 1 && w[0] === sequence[0])) continue;
    for (let i = 0; i + sequence.length <= w.length; i += 1) {
      if (!sequence.every((word, j) => w[i + j] === word)) continue;
      const before = w.slice(0, i);
      const after = w.slice(i + sequence.length);
      if (before.some((word) => FLAG_PREFIXES.has(word))) continue;
      if (after.every((word) => VALUE_SUFFIXES.has(word))) return true;
    }
  }
  return false;
}

/** Values that cannot carry the secret itself (`{ password: true }`, `{ apiKey: null }`). */
const isInert = (value: Value): boolean => value.kind === 'boolean' || value.kind === 'null' || value.kind === 'undefined' || value.kind === 'function';

interface Hit {
  path: string;
  node: syntax.Node;
}

/** Sensitive keys in a resolved payload, at any depth. */
function sensitiveFields(value: Value, path: string, depth: number, hits: Hit[]): void {
  if (depth > MAX_DEPTH) return;
  if (value.kind === 'object') {
    for (const [key, prop] of value.props) {
      const here = path ? `${path}.${key}` : key;
      if (isSensitiveKey(key) && !isInert(prop.value)) hits.push({ path: here, node: prop.node });
      else sensitiveFields(prop.value, here, depth + 1, hits);
    }
  } else if (value.kind === 'array') {
    value.elements.forEach((element, index) => {
      sensitiveFields(element, `${path}[${index}]`, depth + 1, hits);
    });
  }
}

interface Entity {
  type: string;
  why: string;
  node: syntax.Node;
}

/**
 * Is a record a whole entity object: a persisted entity (by the facts layer's record types, which know the
 * ORMs), or a value whose declared type has a sensitive field?
 */
function entityOf(record: RecordType): Entity | undefined {
  if (record.entity) return { type: record.name, why: record.entity, node: record.node };
  const field = record.members.find((member) => isSensitiveKey(member.name));
  return field ? { type: record.name, why: `its \`${field.name}\` field`, node: field.node } : undefined;
}

/**
 * Entity objects placed into the payload: the payload itself, `{ ...user }`, `{ user }`, `{ data: user }`, a deep
 * copy, or what a project function returns from its argument (`toJson(user)` returning `{ data: user }`).
 */
function entitiesInPayload(payload: syntax.Expression, operation: JwtOperation): { entity: Entity; at: syntax.Node; path: string }[] {
  const found: { entity: Entity; at: syntax.Node; path: string }[] = [];
  for (const placement of operation.recordsIn(payload)) {
    const entity = entityOf(placement.record);
    if (entity) found.push({ entity, at: placement.at, path: placement.path });
  }
  return found;
}

export default defineRule({
  meta: {
    id: 'sensitive-claims',
    title: 'Sensitive data in JWT claims',
    description: 'A token payload carries a password, password hash, secret, API key, private key, card or national-id data, or a whole database entity.',
    rationale:
      'JWT claims are only base64url-encoded, not encrypted: anyone who holds the token — the browser, every proxy and log it passes ' +
      'through, any script on the page — can read them. Putting a whole user entity into the payload leaks its password hash and ' +
      'personal data the moment a field is added to the model, and makes every token larger.',
    remediation:
      'Put only identifiers and authorization data in the payload: `jwt.sign({ sub: user.id, role: user.role }, key, options)`. ' +
      'Look up anything else on the server by `sub`. If the recipient really needs confidential data, encrypt the token (JWE) ' +
      'instead of signing it.',
    level: 'error',
    precision: 'high',
    securitySeverity: 6.5,
    cwe: [312, 359],
    references: ['https://datatracker.ietf.org/doc/html/rfc8725#section-3.6', 'https://cwe.mitre.org/data/definitions/312.html'],
    wrapperCalls:
      'A project function of another module that passes one of its parameters to a sign call as the payload ' +
      '(`export const authorize = (user) => jwt.sign(user, key, opts)`) signs whatever its callers give it: the payload is checked ' +
      'at each call of the function (`authorize({ data: user })`), where the sensitive value enters, with the sign call as a related ' +
      'location. A payload built inside the function is checked at the sign call.',
    messages: {
      field: '{{api}} puts {{fields}} into the token payload, which anyone holding the token can read: keep only identifiers and roles in claims.',
      entity: '{{api}} puts a whole {{type}} object ({{why}}) into the token payload{{where}}, which anyone holding the token can read: copy only the id and roles.',
    },
    examples: {
      bad: {
        code:
          "import jwt from 'jsonwebtoken';\n\ninterface User { id: string; email: string; passwordHash: string }\n\n" +
          'export const issue = (user: User) =>\n  jwt.sign({ sub: user.id, email: user.email, passwordHash: user.passwordHash }, process.env.JWT_PRIVATE_KEY!, {\n' +
          "    algorithm: 'RS256',\n    expiresIn: '15m',\n  });\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\ninterface User { id: string; role: string; passwordHash: string }\n\n" +
          'export const issue = (user: User) =>\n  jwt.sign({ sub: user.id, role: user.role, hasPassword: true }, process.env.JWT_PRIVATE_KEY!, {\n' +
          "    algorithm: 'RS256',\n    expiresIn: '15m',\n  });\n",
      },
    },
  },
  create(context) {
    return {
      sign(operation: JwtOperation) {
        if (!operation.payload) return;
        const hits: Hit[] = [];
        sensitiveFields(context.resolve(operation.payload), '', 0, hits);
        if (hits.length > 0) {
          context.report({
            at: operation.node,
            messageId: 'field',
            data: { api: operation.api, fields: hits.map((hit) => `\`${hit.path}\``).join(', ') },
            related: hits.map((hit) => ({ at: hit.node, message: `sensitive claim \`${hit.path}\`` })),
          });
          return;
        }
        const entities = entitiesInPayload(operation.payload, operation);
        if (entities.length > 0) {
          const { entity, path } = entities[0];
          context.report({
            at: operation.node,
            messageId: 'entity',
            data: { api: operation.api, type: entity.type, why: entity.why, where: path === '…' ? ' by spreading it' : path ? ` as \`${path}\`` : '' },
            related: [
              ...entities.map((found) => ({ at: found.at, message: `${found.entity.type} object placed in the payload` })),
              { at: entity.node, message: `${entity.type}: ${entity.why}` },
            ],
          });
        }
      },
    };
  },
});
