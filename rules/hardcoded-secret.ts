import { defineRule, redactSecret, syntax, valueAtPath, type FlowStepDescriptor, type JwtOperation, type ModuleRegistration, type Value } from '../src/engine/ruleApi.js';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/;

interface KeyLiteral {
  text: string;
  node: syntax.Node;
  fallback: boolean;
  /** The default of a key parameter (`(payload, secret = 'dev')`): the key whenever a caller leaves the argument out. */
  parameterDefault?: boolean;
  /** What the literal is, when the text alone does not say it (a JWK member). */
  what?: string;
}

/**
 * Members of a JSON Web Key that hold secret material: `k` of a symmetric (`oct`) key, `d` of a private key
 * (RFC 7518 §6.4.1, §6.2.2.1, §6.3.2.1). One finding per key: the first one found.
 */
const JWK_SECRET_MEMBERS: readonly { name: string; what: string }[] = [
  { name: 'k', what: 'symmetric JWK secret' },
  { name: 'd', what: 'private JWK' },
];

/** The secret member of an object literal that is a JWK (it has a `kty`). */
function jwkSecret(value: Value & { kind: 'object' }): KeyLiteral[] {
  if (value.props.get('kty')?.value.kind !== 'string') return [];
  for (const member of JWK_SECRET_MEMBERS) {
    const literal = value.props.get(member.name)?.value;
    if (literal?.kind === 'string') return [{ text: literal.value, node: literal.node, fallback: false, what: member.what }];
  }
  return [];
}

/**
 * Literal strings a key value is made of, following bytes wrappers, env fallbacks, imported JWKs and lists of
 * JWKs. `strings` is false for key sets, whose strings are URLs rather than key material.
 */
function keyLiterals(value: Value, strings: boolean, resolve: (node: syntax.Expression) => Value): KeyLiteral[] {
  switch (value.kind) {
    case 'string':
      return strings ? [{ text: value.value, node: value.node, fallback: false }] : [];
    case 'bytes':
      return keyLiterals(value.source, strings, resolve);
    case 'fallback':
      return keyLiterals(value.fallback, strings, resolve).map((literal) => ({ ...literal, fallback: true }));
    case 'parameter': {
      const initializer = value.steps.length === 0 ? value.node.initializer : undefined;
      return initializer ? keyLiterals(resolve(initializer), strings, resolve).map((literal) => ({ ...literal, parameterDefault: true })) : [];
    }
    case 'object':
      return jwkSecret(value);
    case 'array':
      return value.elements.flatMap((element) => (element.kind === 'object' ? jwkSecret(element) : []));
    default:
      return [];
  }
}

/** PEM public keys and certificates are not secrets; PEM private keys and everything else used as a key are. */
function isSecretMaterial(text: string): boolean {
  if (text.length === 0) return false;
  const pem = PEM_BLOCK.exec(text);
  if (pem) return pem[1].includes('PRIVATE KEY');
  return true;
}

/** The registering call's name for messages: `JwtModule.register`, `app.register`. */
function registrationApi(registration: ModuleRegistration): string {
  const site = registration.node;
  const callee = syntax.isCallExpression(site) || syntax.isNewExpression(site) ? site.expression : site;
  const text = syntax.isPropertyAccessExpression(callee) && syntax.isIdentifier(callee.expression) ? `${callee.expression.text}.${callee.name.text}` : callee.getText();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The path from a literal written elsewhere (a config module, a constant) to the call that uses it as its key:
 * the literal, the key expression at the call, the call. None when the literal is written in the call itself.
 */
function secretPath(literal: syntax.Node, operation: JwtOperation): FlowStepDescriptor[] | undefined {
  const call = operation.node;
  const inCall = literal.getSourceFile() === call.getSourceFile() && literal.getStart() >= call.getStart() && literal.getEnd() <= call.getEnd();
  const key = operation.key;
  const start = [{ at: literal, message: 'hard-coded secret' }, ...(key && key !== literal ? [{ at: key, message: `the key of ${operation.api}` }] : [])];
  // through a project function the engine continues the path from the key argument into the function
  if (operation.via) return start;
  return inCall ? undefined : [...start, { at: call, message: `used by ${operation.api}` }];
}

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    title: 'Hard-coded JWT signing or verification secret',
    description:
      'A literal in the source code is used as the key that signs or verifies tokens, or is given as the key in a module registration ' +
      '(`JwtModule.register({ secret })`, a Fastify plugin registration) even when no signing or verification call can be tied to it.',
    rationale:
      'Anyone who can read the repository, a build artifact or a client bundle can forge valid tokens with a hard-coded secret. ' +
      "A fallback such as `process.env.JWT_SECRET || 'dev-secret'` is just as dangerous: when the variable is missing in production the " +
      "well-known fallback silently becomes the key. So does the default of a key parameter (`function sign(payload, secret = 'dev-secret')`): " +
      'every call that leaves the argument out signs or verifies with the committed default, and so does the default of an ' +
      "environment schema (envalid `cleanEnv(process.env, { JWT_SECRET: str({ default: 'dev' }) })`, zod " +
      "`z.object({ JWT_SECRET: z.string().default('dev') }).parse(process.env)`, t3 `createEnv`) read as the key; envalid's " +
      '`devDefault` is not reported, as envalid refuses to start in production without the variable.',
    remediation:
      'Load the key from a secret store or the environment and fail at start-up when it is missing ' +
      "(`const secret = process.env.JWT_SECRET; if (!secret) throw new Error('JWT_SECRET is not set')`). " +
      'Rotate any secret that was ever committed. Prefer asymmetric keys so that verifiers only hold a public key.',
    level: 'error',
    precision: 'high',
    securitySeverity: 8.8,
    cwe: [798, 321],
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.5'],
    messages: {
      literal: 'Hard-coded {{what}} {{value}} is used as the key of {{api}}: load it from a secret store or the environment.',
      fallback: 'Fallback {{what}} {{value}} is used as the key of {{api}} when the environment variable is missing: fail instead of falling back.',
      parameterDefault: 'Default {{what}} {{value}} of a key parameter is used as the key of {{api}} whenever a caller leaves the argument out: make the key a required argument.',
    },
    examples: {
      bad: {
        code: "import jwt from 'jsonwebtoken';\n\nexport const issue = (userId: string) =>\n  jwt.sign({ sub: userId }, 'super-secret-signing-key', { algorithm: 'HS256', expiresIn: '15m' });\n",
      },
      good: {
        code:
          "import jwt from 'jsonwebtoken';\n\nconst secret = process.env.JWT_SECRET;\nif (!secret) throw new Error('JWT_SECRET is not set');\n\n" +
          "export const issue = (userId: string) => jwt.sign({ sub: userId }, secret, { algorithm: 'HS256', expiresIn: '15m' });\n",
      },
    },
    wrapperCalls:
      'A project function that passes one of its parameters to a sign or verify call as the key (`createToken = (payload, secret) => ' +
      'jwt.sign(payload, secret, options)`), in the same module or another, makes a literal passed as that argument a hard-coded key: it is ' +
      'reported at the literal (in the call or in the constant it names), with the call of the function and the library call inside as ' +
      'related locations. A key written inside the function is reported once, where it is written.',
  },
  create(context) {
    const check = (operation: JwtOperation) => {
      const keyOption = operation.option('secret');
      // through a project function only a key its caller passes: a key written inside is the library call's own
      const keyValue = operation.key ? context.resolve(operation.key) : keyOption.state === 'present' && !operation.via ? keyOption.value : undefined;
      if (!keyValue) return;
      for (const literal of keyLiterals(keyValue, !operation.keyIsKeySet, (node) => context.resolve(node))) {
        if (!isSecretMaterial(literal.text)) continue;
        const what = literal.what ?? (PEM_BLOCK.test(literal.text) ? 'private key' : 'secret');
        context.report({
          at: literal.node,
          messageId: literal.parameterDefault ? 'parameterDefault' : literal.fallback ? 'fallback' : 'literal',
          data: { what, value: `'${redactSecret(literal.text)}'`, api: operation.api },
          related: [{ at: operation.node, message: `used by ${operation.api}` }],
          steps: secretPath(literal.node, operation),
          secrets: [literal.text],
        });
      }
    };
    /**
     * A literal in a registration's key option is a committed key even when no operation in the scan can be
     * tied to the registration (none in view, or several registrations make the tie ambiguous). Findings at
     * the same literal from operations merge with these.
     */
    const checkRegistrations = () => {
      for (const registration of context.registrations()) {
        const api = registrationApi(registration);
        for (const path of registration.keyPaths) {
          const value = valueAtPath(registration.options, path);
          for (const literal of value ? keyLiterals(value, true, (node) => context.resolve(node)) : []) {
            if (!isSecretMaterial(literal.text)) continue;
            const what = literal.what ?? (PEM_BLOCK.test(literal.text) ? 'private key' : 'secret');
            context.report({
              at: literal.node,
              messageId: literal.fallback ? 'fallback' : 'literal',
              data: { what, value: `'${redactSecret(literal.text)}'`, api },
              related: [{ at: registration.node, message: `module registration (${path.join('.')})` }],
              secrets: [literal.text],
            });
          }
        }
      }
    };
    return { verify: check, sign: check, endFile: checkRegistrations };
  },
});
