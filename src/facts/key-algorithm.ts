import path from 'node:path';
import { ts } from 'ts-morph';
import { singleDefinition } from '../dataflow/definitions.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';
import { ASYMMETRIC_ALGORITHMS } from '../models/algorithms.js';
import { ALGORITHM_SETTING, ALGORITHM_VARIABLE, publishedKeySetAlgorithm } from '../models/identity-providers.js';
import { CONFIG_GETTERS, CONFIG_RECEIVER } from '../models/key-sources.js';
import { URL_CONSTRUCTOR } from '../models/runtime.js';
import type { EnvFiles } from './env-files.js';
import { isGlobal, keySourceArguments } from './key-source-calls.js';
import type { JwtOperation } from './operation-types.js';

/** Is this text PEM key material (`-----BEGIN ... KEY-----`) rather than a shared secret? */
export function isPemText(text: string): boolean {
  return text.includes('-----BEGIN');
}

/** The one algorithm a verification key is for; for a key set, what says so (for messages). */
export interface KeyAlgorithm {
  algorithm: string;
  evidence?: string;
}

/** What one place says about the algorithm: a name, or `undefined` for a statement that names no usable one. */
interface Statement {
  algorithm: string | undefined;
  evidence: string;
}

const ALGORITHM_NAME = /^[A-Za-z0-9+-]+$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Steps from a key expression back to the call that made it (`await`, a const, a method of the result). */
const MAX_PRODUCER_STEPS = 6;
/** Nodes of a key function looked at for the key set it reads; beyond that it has none (never a guess). */
const MAX_FUNCTION_NODES = 3_000;

/**
 * The algorithm a verification key is for, as the project itself says it — never a guess:
 * - the key import names it (jose `importSPKI(pem, 'ES256')`);
 * - the key comes from a JSON Web Key Set (jwks-rsa, jose `createRemoteJWKSet`, get-jwks: the library models'
 *   key-set fetches), and what is known of that set's issuer names one algorithm: a setting beside the set's URL or
 *   the verification's issuer in a configuration object (`{ jwksUri, issuer, algorithm: 'RS256' }`), a variable in
 *   the env file that defines the URL's variable (`JWT_ALGORITHM=RS256` beside `JWKS_URI=...`), or the URL of a
 *   provider whose algorithm is documented and fixed (src/models/identity-providers.ts).
 * Statements that disagree, or one that names an algorithm a public key set cannot verify (HMAC), give none.
 */
export class KeyAlgorithms {
  constructor(
    private readonly resolver: ValueResolver,
    private readonly envFiles: EnvFiles,
  ) {}

  of(operation: JwtOperation): KeyAlgorithm | undefined {
    if (!operation.key) return undefined;
    const key = this.resolver.resolve(operation.key);
    if (key.kind === 'bytes' && key.algorithm) {
      const named = algorithmName(key.algorithm);
      return named === undefined ? undefined : { algorithm: named };
    }
    const urls = this.keySetUrls(operation.key, key);
    if (urls.length === 0) return undefined;
    const statements = urls.flatMap((url) => this.urlStatements(url));
    const issuer = operation.option('issuer');
    if (issuer.state === 'present') statements.push(...this.settingsBeside(issuer.value.node));
    return agreed(statements);
  }

  /** The URL arguments of the key-set fetches the key comes from. */
  private keySetUrls(expression: ts.Expression, key: Value): ts.Expression[] {
    const calls = new Set<ts.CallExpression | ts.NewExpression>();
    if (key.kind === 'library') for (const site of key.sites) calls.add(site);
    if (key.kind === 'bytes' && (ts.isCallExpression(key.node) || ts.isNewExpression(key.node))) calls.add(key.node);
    if (key.kind === 'function') this.callsIn(key.node, calls);
    this.producerCalls(expression, calls, 0);
    const urls = new Set<ts.Expression>();
    for (const call of calls) {
      for (const source of keySourceArguments(call, (e) => this.resolver.resolve(e))) if (source.keySet) urls.add(source.argument);
    }
    return [...urls];
  }

  /** The calls a key expression is made by: `await client.getSigningKey(kid)`, `key.getPublicKey()`, a const holding one. */
  private producerCalls(expression: ts.Expression, calls: Set<ts.CallExpression | ts.NewExpression>, depth: number): void {
    if (depth > MAX_PRODUCER_STEPS) return;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      this.producerCalls(node.expression, calls, depth + 1);
    } else if (ts.isIdentifier(node)) {
      const definition = singleDefinition(node);
      if (definition?.kind === 'value' && definition.steps.length === 0) this.producerCalls(definition.expression, calls, depth + 1);
      // a callback's parameter (`client.getSigningKey(kid, (error, key) => …)`, `.then((key) => …)`): the call it is given to
      const call = definition?.kind === 'parameter' ? definition.fn.parent : undefined;
      if (call && (ts.isCallExpression(call) || ts.isNewExpression(call)) && call.arguments?.some((argument) => argument === definition?.node.parent)) {
        this.producerCalls(call, calls, depth + 1);
      }
    } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      calls.add(node);
      const callee = this.resolver.resolve(node.expression);
      if (callee.kind === 'library') for (const site of callee.sites) calls.add(site);
      // a project function that returns the key (`await getKey(kid)`): the key set it reads
      if (callee.kind === 'function') this.callsIn(callee.node, calls);
      this.producerCalls(node.expression, calls, depth + 1);
    }
  }

  /** Every call in a function given as the key or returning it, with the calls that made the library values it uses. */
  private callsIn(fn: ts.Node, calls: Set<ts.CallExpression | ts.NewExpression>): void {
    let budget = MAX_FUNCTION_NODES;
    const visit = (node: ts.Node): void => {
      if ((budget -= 1) < 0) return;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        calls.add(node);
        const callee = this.resolver.resolve(node.expression);
        if (callee.kind === 'library') for (const site of callee.sites) calls.add(site);
      }
      node.forEachChild(visit);
    };
    visit(fn);
  }

  /** What the project says about the issuer of the key set fetched from this URL expression. */
  private urlStatements(argument: ts.Expression): Statement[] {
    const url = unwrapUrl(argument);
    const statements: Statement[] = [];
    const text = this.urlText(url);
    const published = text === undefined ? undefined : publishedKeySetAlgorithm(text);
    if (published) statements.push({ algorithm: published.algorithm, evidence: `${published.provider}'s published signing algorithm` });
    const value = this.resolver.resolve(url);
    statements.push(...this.settingsBeside(value.node));
    const node = stripWrappers(url);
    if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) statements.push(...this.settingsBeside(this.resolver.resolve(span.expression).node));
    const variable = envName(url, value);
    if (variable) statements.push(...this.envStatements(variable, url));
    return statements;
  }

  /** The URL's text, with `*` for each part of a template that is not known. */
  private urlText(url: ts.Expression): string | undefined {
    const value = this.resolver.resolve(url);
    if (value.kind === 'string') return value.value;
    const node = stripWrappers(url);
    if (!ts.isTemplateExpression(node)) return undefined;
    return node.head.text + node.templateSpans.map((span) => this.spanText(span.expression) + span.literal.text).join('');
  }

  private spanText(expression: ts.Expression): string {
    const value = this.resolver.resolve(expression);
    return value.kind === 'string' ? value.value : '*';
  }

  /** Algorithm settings beside a value in the configuration object that holds it (`{ jwksUri: '…', algorithm: 'RS256' }`). */
  private settingsBeside(node: ts.Node): Statement[] {
    const property = node.parent;
    if (!property || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) || !ts.isObjectLiteralExpression(property.parent)) return [];
    const statements: Statement[] = [];
    for (const sibling of property.parent.properties) {
      if (!ts.isPropertyAssignment(sibling) || !(ts.isIdentifier(sibling.name) || ts.isStringLiteral(sibling.name)) || !ALGORITHM_SETTING.test(sibling.name.text)) continue;
      const evidence = `the configuration's \`${sibling.name.text}\``;
      const value = this.resolver.resolve(sibling.initializer);
      const names = value.kind === 'array' && !value.open ? value.elements : [value];
      for (const name of names) statements.push({ algorithm: keySetAlgorithm(name.kind === 'string' ? name.value : undefined), evidence });
    }
    return statements;
  }

  /**
   * Algorithm variables of the env files that define the URL's variable (`JWT_ALGORITHM=RS256` beside `JWKS_URI=…`);
   * where some share the URL variable's prefix (`PARTNER_JWT_ALG` beside `PARTNER_JWKS_URI`), only those.
   */
  private envStatements(variable: string, at: ts.Node): Statement[] {
    const statements: Statement[] = [];
    const prefix = variable.includes('_') ? `${variable.split('_')[0]}_` : undefined;
    for (const file of this.envFiles.defining(variable, at.getSourceFile().fileName)) {
      const fileName = path.basename(file.path);
      const named = [...file.values].filter(([name]) => ALGORITHM_VARIABLE.test(name));
      const own = prefix === undefined ? [] : named.filter(([name]) => name.startsWith(prefix));
      for (const [name, value] of own.length > 0 ? own : named) {
        for (const part of value.split(',')) statements.push({ algorithm: keySetAlgorithm(part.trim()), evidence: `${name} in ${fileName}` });
      }
      const published = publishedKeySetAlgorithm(file.values.get(variable) ?? '');
      if (published) statements.push({ algorithm: published.algorithm, evidence: `${published.provider}'s published signing algorithm` });
    }
    return statements;
  }
}

/** The one algorithm every statement names; undefined when there are none, they disagree or one names none usable. */
function agreed(statements: readonly Statement[]): KeyAlgorithm | undefined {
  if (statements.length === 0 || statements.some((statement) => statement.algorithm === undefined)) return undefined;
  const algorithms = new Set(statements.map((statement) => statement.algorithm));
  if (algorithms.size !== 1) return undefined;
  return { algorithm: statements[0].algorithm!, evidence: [...new Set(statements.map((statement) => statement.evidence))].join(', ') };
}

/** An algorithm a key set of public keys can verify, exactly as written; undefined for anything else. */
function keySetAlgorithm(name: string | undefined): string | undefined {
  return name !== undefined && ASYMMETRIC_ALGORITHMS.includes(name) ? name : undefined;
}

/** The one algorithm name a value holds (`'RS256'`, a constant), else undefined. */
export function algorithmName(value: Value | undefined): string | undefined {
  return value?.kind === 'string' && ALGORITHM_NAME.test(value.value) && value.value !== 'none' ? value.value : undefined;
}

/** `new URL(x)` → x. */
function unwrapUrl(expression: ts.Expression): ts.Expression {
  const node = stripWrappers(expression);
  if (ts.isNewExpression(node) && isGlobal(node.expression, URL_CONSTRUCTOR) && node.arguments?.length === 1 && !ts.isSpreadElement(node.arguments[0])) return node.arguments[0];
  return expression;
}

/** The environment variable a URL is read from: `process.env.JWKS_URI`, or a config service's `get('JWKS_URI')`. */
function envName(url: ts.Expression, value: Value): string | undefined {
  if (value.kind === 'env') return value.name;
  if (value.kind === 'fallback' && value.primary.kind === 'env') return value.primary.name;
  const node = stripWrappers(url);
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const [first] = node.arguments;
  const isGetter = CONFIG_GETTERS.has(node.expression.name.text) && CONFIG_RECEIVER.test(node.expression.expression.getText());
  return isGetter && first && ts.isStringLiteralLike(first) && ENV_NAME.test(first.text) ? first.text : undefined;
}
