import { createHash } from 'node:crypto';
import path from 'node:path';
import { ts } from 'ts-morph';
import { findDeclaration, requiredSpecifier } from '../binding/scope.js';
import { argumentFor, callSitesOf, functionName } from '../dataflow/call-sites.js';
import { calledFunction } from '../dataflow/summaries.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { CONFIG_GETTERS, CONFIG_RECEIVER, FILE_READERS, KEY_PAIR_WORDS } from '../models/key-sources.js';
import { BYTES, NODE_KEY_OBJECT_FUNCTIONS, nodeCryptoFunction } from '../models/runtime.js';

/**
 * The identity of a signing or verification key: two operations whose keys have the same `id` use the same
 * secret or key source. Identities are built from what the key resolves to — a literal (by a digest of its
 * value, never the value), an environment variable, a configuration key read through a config service, a
 * member of a project module or class, a key file — and never from an unknown: an unknown key has no identity.
 */
export interface KeyIdentity {
  id: string;
  /** For messages: where the key comes from (`process.env.JWT_SECRET`), never the secret itself. */
  label: string;
  /**
   * Set when the identity holds only inside one package (environment variables, configuration keys, literal
   * values, relative key-file paths): the file, relative to the scan root, where the value is read. Two
   * identities with the same `id` in different packages are different keys (services of a monorepo).
   */
  scopeFile?: string;
  /** For a member of a project module (`member:` identities): that module's absolute path. */
  moduleFile?: string;
}

const MAX_STEPS = 8;

/**
 * A public/private pair names its halves alike (`JWT_PRIVATE_KEY` / `JWT_PUBLIC_KEY`, `keys/private.pem` /
 * `keys/public.pem`): those words are folded so the verification half finds the signing half.
 */
function pairName(name: string): string {
  return name.replace(KEY_PAIR_WORDS, '<pair>');
}

export class KeyIdentities {
  constructor(
    private readonly resolver: ValueResolver,
    private readonly root: string,
  ) {}

  private relative(node: ts.Node): string {
    return path.relative(this.root, node.getSourceFile().fileName).split(path.sep).join('/');
  }

  of(expression: ts.Expression): KeyIdentity | undefined {
    const value = this.resolver.resolve(expression);
    // a hard-coded half of a key pair (`const privateKey = '-----BEGIN…'`) is named like its other half
    // (`publicKey`, read from a file): the pair's name is its identity, not the literal
    if (value.kind === 'string' && namesPairHalf(expression)) {
      const pair = this.fromSyntax(expression, 0);
      if (pair) return pair;
    }
    return this.fromValue(value, 0) ?? (value.kind === 'unknown' || value.kind === 'library' || value.kind === 'parameter' ? this.fromSyntax(expression, 0) : undefined);
  }

  private fromValue(value: Value, depth: number): KeyIdentity | undefined {
    if (depth > MAX_STEPS) return undefined;
    switch (value.kind) {
      case 'string':
        if (value.value.length === 0) return undefined;
        return { id: `literal:${createHash('sha256').update(value.value).digest('hex').slice(0, 16)}`, label: 'a hard-coded key', scopeFile: this.relative(value.node) };
      case 'env':
        return { id: `env:${pairName(value.name)}`, label: `process.env.${value.name}`, scopeFile: this.relative(value.node) };
      case 'fallback':
        return value.primary.kind === 'env' ? this.fromValue(value.primary, depth + 1) : undefined;
      case 'bytes':
        return this.fromValue(value.source, depth + 1);
      case 'library': {
        // a key object made by node's crypto (`createSecretKey(secret)`, `createPrivateKey(pem)`): its material;
        // other library values (a config service's `get('KEY')`) are named by their syntax
        const site = value.sites[value.sites.length - 1];
        const material = site?.arguments?.[0];
        // the result of the call (`createPublicKey(pem)` is `createPublicKey.()`) is the key object
        const called = value.path[value.path.length - 1] === '()' ? value.path.slice(0, -1) : value.path;
        if (!NODE_KEY_OBJECT_FUNCTIONS.includes(nodeCryptoFunction(value.module, called) ?? '')) return undefined;
        if (!material || ts.isSpreadElement(material)) return undefined;
        return this.fromValue(this.resolver.resolve(material), depth + 1) ?? this.fromSyntax(material, depth + 1);
      }
      default:
        return undefined;
    }
  }

  /** Identities of values the resolver cannot see into: config getters, key files, module and class members. */
  private fromSyntax(expression: ts.Expression, depth: number): KeyIdentity | undefined {
    if (depth > MAX_STEPS) return undefined;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node)) return this.fromSyntax(node.expression, depth + 1);
    if (ts.isIdentifier(node)) {
      const declaration = findDeclaration(node.text, node);
      if (declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer) {
        const fromInitializer = this.fromSyntax(declaration.node.initializer, depth + 1);
        if (fromInitializer || !declaration.isConst) return fromInitializer;
      }
      if (declaration?.kind === 'parameter' && declaration.steps.length === 0) {
        // `function sign(payload, secret = config.jwt.secret)`: the default, which callers that leave it out use
        if (declaration.node.initializer) return this.fromSyntax(declaration.node.initializer, depth + 1);
        return this.agreedByCallers(declaration.node, depth);
      }
      return this.memberIdentity(node, []);
    }
    if (ts.isCallExpression(node)) return this.fromCall(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.chainIdentity(node);
    return undefined;
  }

  /**
   * `createTokens(user, secret)` signing with its parameter: the key every call of the function in its file passes
   * (`this.createTokens(user, this.getSecret())`), when they all pass the same one; none when a caller passes an
   * unknown or another key, or no call is seen.
   */
  private agreedByCallers(parameter: ts.ParameterDeclaration, depth: number): KeyIdentity | undefined {
    const fn = parameter.parent;
    const name = functionName(fn);
    if (!name || depth >= MAX_STEPS) return undefined;
    let agreed: KeyIdentity | undefined;
    for (const call of callSitesOf(name, fn)) {
      // a call by the name that is provably of another function does not count; any other does
      const target = calledFunction(stripWrappers(call.expression));
      if (target !== undefined && target !== fn) continue;
      const argument = argumentFor(call, fn, fn.parameters.indexOf(parameter));
      const identity = argument && (this.fromValue(this.resolver.resolve(argument), depth + 1) ?? this.fromSyntax(argument, depth + 1));
      if (!identity || (agreed && agreed.id !== identity.id)) return undefined;
      agreed = identity;
    }
    return agreed;
  }

  /**
   * The identity of the module or class member an expression names (`privateKey`, `security.publicKey`,
   * `keys.private`, `this.secret`), whatever its value: two halves of a key pair declared in one module
   * (`privateKey` / `publicKey`) have the same member identity, which their values (a literal, a key file) do not.
   */
  memberOf(expression: ts.Expression): KeyIdentity | undefined {
    const node = stripWrappers(expression);
    if (ts.isIdentifier(node)) return this.memberIdentity(node, []);
    return ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? this.chainIdentity(node) : undefined;
  }

  /** `config.jwt.secret`, `keys['private']`, `this.secret`: a member chain from a module-level name or `this`. */
  private chainIdentity(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): KeyIdentity | undefined {
    const chain: string[] = [];
    let current: ts.Expression = node;
    while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      if (ts.isPropertyAccessExpression(current)) chain.unshift(current.name.text);
      else if (ts.isStringLiteralLike(current.argumentExpression)) chain.unshift(current.argumentExpression.text);
      else return undefined;
      current = stripWrappers(current.expression);
    }
    if (current.kind === ts.SyntaxKind.ThisKeyword) {
      const owner = enclosingClassName(current);
      return owner ? this.named(`member:${this.relative(current)}#${owner}.${chain.join('.')}`, `this.${chain.join('.')}`) : undefined;
    }
    return ts.isIdentifier(current) ? this.memberIdentity(current, chain) : undefined;
  }

  /** `config.get('JWT_SECRET')`, `fs.readFileSync('keys/private.pem')`. */
  private fromCall(call: ts.CallExpression, depth: number): KeyIdentity | undefined {
    const callee = stripWrappers(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const first = call.arguments[0];
    // `secret()`, `keys.signingSecret()`: a project function that hands out the key, the same key at every call
    if (call.arguments.length === 0) return this.calleeIdentity(callee);
    if (name === undefined || !first) return undefined;
    if (CONFIG_GETTERS.has(name) && ts.isPropertyAccessExpression(callee) && CONFIG_RECEIVER.test(callee.expression.getText())) {
      const key = this.resolver.resolve(first);
      if (key.kind === 'string') return { id: `config:${pairName(key.value)}`, label: `configuration key '${key.value}'`, scopeFile: this.relative(call) };
      return undefined;
    }
    if (FILE_READERS.has(name)) {
      const parts = stringLeaves(first, this.resolver);
      if (parts.length === 0) return undefined;
      const file = parts.join('/').replace(/\/+/g, '/');
      return { id: `file:${pairName(path.posix.basename(file))}`, label: `the key file ${path.posix.basename(file)}`, scopeFile: this.relative(call) };
    }
    // `Buffer.from(secret)`, `encoder.encode(secret)`, `createSecretKey(secret)`: the same material
    if (depth < MAX_STEPS && (name === BYTES.buffer.from || name === BYTES.textEncoder.encode || NODE_KEY_OBJECT_FUNCTIONS.includes(name))) {
      return this.fromValue(this.resolver.resolve(first), depth + 1) ?? this.fromSyntax(first, depth + 1);
    }
    return undefined;
  }

  /** The function a key-returning call without arguments calls, named like a module member (`call:` in front). */
  private calleeIdentity(callee: ts.Expression): KeyIdentity | undefined {
    const chain: string[] = [];
    let current = callee;
    while (ts.isPropertyAccessExpression(current)) {
      chain.unshift(current.name.text);
      current = stripWrappers(current.expression);
    }
    if (!ts.isIdentifier(current)) return undefined;
    const declaration = findDeclaration(current.text, current);
    const member =
      declaration?.kind === 'function' && chain.length === 0 && ts.isSourceFile(declaration.node.parent)
        ? this.named(`member:${this.relative(current)}#${current.text}`, current.text)
        : this.memberIdentity(current, chain);
    return member && { id: `call:${member.id}`, label: `${member.label}()` };
  }

  /** A name declared at module level or imported from a project module, followed by a member chain. */
  private memberIdentity(root: ts.Identifier, chain: readonly string[]): KeyIdentity | undefined {
    const declaration = findDeclaration(root.text, root);
    const suffix = chain.length > 0 ? `.${chain.join('.')}` : '';
    const label = `${root.text}${suffix}`;
    // a project module by relative path or alias (`@/lib/crypto`); a package resolves to no project file
    const target = declaration?.kind === 'import' ? this.resolver.project.resolveImport(root.getSourceFile().fileName, declaration.specifier) : undefined;
    if (declaration?.kind === 'import') {
      if (!target) return undefined;
      // `import * as keys from './keys'`: `keys.publicKey` is the module's own `publicKey`
      const member = declaration.imported === '*' ? suffix.slice(1) : `${declaration.imported}${suffix}`;
      return this.named(`member:${path.relative(this.root, target).split(path.sep).join('/')}#${member}`, label, target);
    }
    // `const config = require('./config')`: a member of that module
    const initializer = declaration?.kind === 'variable' && declaration.steps.length === 0 ? declaration.node.initializer : undefined;
    const specifier = initializer && requiredSpecifier(initializer);
    if (specifier?.startsWith('.')) {
      const target = this.resolver.project.resolveImport(root.getSourceFile().fileName, specifier);
      if (target) return this.named(`member:${path.relative(this.root, target).split(path.sep).join('/')}#${suffix.slice(1)}`, label, target);
    }
    // `const keys = await getKeys()`: a member of what a function handing out keys returns, the same at every call
    const handed = initializer && declaration?.kind === 'variable' && declaration.isConst && chain.length > 0 ? stripWrappers(initializer) : undefined;
    const call = handed && ts.isAwaitExpression(handed) ? stripWrappers(handed.expression) : handed;
    if (call && ts.isCallExpression(call) && call.arguments.length === 0) {
      const handedBy = this.calleeIdentity(stripWrappers(call.expression));
      if (handedBy) return { ...handedBy, id: pairName(`${handedBy.id}${suffix}`), label: `${handedBy.label}${suffix}` };
    }
    if (declaration?.kind === 'variable' && ts.isSourceFile(declaration.node.parent.parent.parent)) {
      return this.named(`member:${this.relative(root)}#${root.text}${suffix}`, label, root.getSourceFile().fileName);
    }
    return undefined;
  }

  private named(id: string, label: string, moduleFile?: string): KeyIdentity {
    return { id: pairName(id), label, ...(moduleFile ? { moduleFile } : {}) };
  }
}

/** A name (`privateKey`, `keys.PUBLIC_KEY`) that says which half of a key pair it holds. */
function namesPairHalf(expression: ts.Expression): boolean {
  const node = stripWrappers(expression);
  const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  return name !== undefined && new RegExp(KEY_PAIR_WORDS.source, 'i').test(name);
}

function enclosingClassName(node: ts.Node): string | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current?.name?.text ?? (current ? '<class>' : undefined);
}

/** The string parts of a path expression: `path.join(__dirname, '../keys', 'private.pem')` → ['../keys', 'private.pem']. */
function stringLeaves(expression: ts.Expression, resolver: ValueResolver): string[] {
  const value = resolver.resolve(expression);
  if (value.kind === 'string') return [value.value];
  const node = stripWrappers(expression);
  if (ts.isCallExpression(node)) return node.arguments.flatMap((argument) => (ts.isSpreadElement(argument) ? [] : stringLeaves(argument, resolver)));
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].filter(Boolean);
  return [];
}
