import { ts } from 'ts-morph';
import { accessChain as chainOf, type AccessChain } from '../dataflow/access-chain.js';
import { argumentFor, argumentPosition, callSitesOf, functionName, parameterForArgument } from '../dataflow/call-sites.js';
import { projectFunctionOf, returnedExpressions, type ProjectFunction } from '../dataflow/summaries.js';
import { definitionsOf, fieldDefinitions, type Definition } from '../dataflow/definitions.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { embeddedHeaderKeyField } from '../models/index.js';
import { verifiesProofOfPossession } from './proof-tokens.js';
import { KEY_HEADER_FIELDS, PROPAGATING_CALLS, PROPAGATING_METHODS, SANITIZING_CALLS, type KeySourceKind } from '../models/key-sources.js';
import type { KeyResolverModel } from '../models/types.js';
import { guarded } from './header-guards.js';
import { isGlobal, keySourceArguments, wrappedKeySourceArguments } from './key-source-calls.js';
import { samePath, withoutDefault } from '../models/access-paths.js';
import type { JwtOperation } from './operations.js';

/**
 * Token header data flowing into key selection: does a value derive from a header field (`kid`, `jku`,
 * `x5u`, `jwk`, `x5c`) of a token that has not been verified yet, and where is it used to build a file path,
 * SQL text, a URL to fetch, or the key itself? Header data comes from modeled decode operations (header-only
 * or complete decodes) and from the header parameter of key resolver functions given to verification.
 * Sinks, propagators and sanitizers are data in src/models/key-sources.ts; the sinks are matched in
 * ./key-source-calls.ts and the guards that validate a header value on its way are in ./header-guards.ts.
 */

/** What the flow analysis needs from the rule context (a RuleContext satisfies it). */
export interface HeaderFlowFacts {
  readonly operations: readonly JwtOperation[];
  resolve(expression: ts.Expression): Value;
  operationsAt(node: ts.CallExpression | ts.NewExpression): readonly JwtOperation[];
}

export interface HeaderFieldSource {
  /** The header field: kid, jku, x5u, jwk or x5c. */
  field: string;
  /** Where the field is read from the header (or the value that is the embedded header key). */
  node: ts.Node;
  /** Expressions that hold the field's value on its way (variables, call-site arguments), for guard checks. */
  via: ts.Node[];
}

export interface HeaderKeyUse {
  /** file path read, SQL text run, URL fetched, or key material / verification key. */
  kind: KeySourceKind;
  /** The call (or returned key expression) that uses the header field: the primary location. */
  at: ts.Node;
  /** Short text of the callee, for messages. */
  api: string;
  field: string;
  source: ts.Node;
  /** What the value passes between the use and the source (variables read, calls it goes through), from the use back. */
  via: readonly ts.Node[];
  /** The header value is checked against an allowlist or pattern before this use. */
  validated: boolean;
}

const MAX_DEPTH = 30;

/** `a.b['c'][0]` → base `a`, names [b, c, 0]; computed keys stop the chain (a map lookup is not the header). */
const accessChain = (expression: ts.Expression): AccessChain => chainOf(expression, { numericIndexes: true });

function calleeText(node: ts.CallExpression | ts.NewExpression): string {
  const text = stripWrappers(node.expression).getText().replace(/\s+/g, '');
  return (ts.isNewExpression(node) ? `new ${text}` : text).slice(0, 60);
}

class HeaderFlow {
  private readonly resolvers = new Map<ts.Node, KeyResolverModel>();
  private readonly hasSources: boolean;
  /**
   * Helper functions whose return values are being traced (recursion adds nothing and must not explode), with
   * the call being followed: a parameter met in the returned value is that call's argument.
   */
  private readonly following = new Map<ts.Node, ts.CallExpression | ts.NewExpression>();

  constructor(private readonly facts: HeaderFlowFacts) {
    let sources = false;
    for (const operation of facts.operations) {
      if (operation.kind === 'decode' && this.headerRootOf(operation) !== undefined) sources = true;
      if (operation.kind !== 'verify') continue;
      const resolver = this.keyResolverOf(operation);
      if (resolver) {
        this.resolvers.set(resolver.fn, resolver.shape);
        sources = true;
      }
      if (this.embeddedKey(operation)) sources = true;
    }
    // header data may also come from a project function (a decode helper, an inherited parser) the file calls
    this.hasSources = sources || facts.operations.some((operation) => operation.kind === 'verify' || operation.kind === 'decode');
  }

  /** Path from a decode result to the header: [] for header decodes, ['header'] for complete decodes. */
  private headerRootOf(operation: JwtOperation): string[] | undefined {
    if (operation.kind !== 'decode') return undefined;
    if (operation.model.decodes === 'header') return [];
    if (operation.model.decodes === 'complete') return ['header'];
    const complete = operation.option('complete');
    if (complete.state === 'present' && complete.value.kind === 'boolean' && complete.value.value) return ['header'];
    return undefined;
  }

  private keyExpressionValue(operation: JwtOperation): Value | undefined {
    if (operation.key) return this.facts.resolve(operation.key);
    const secret = operation.option('secret');
    return secret.state === 'present' ? secret.value : undefined;
  }

  /** A function given as the key, with how the operation's library calls it (OperationModel.keyResolver). */
  private keyResolverOf(operation: JwtOperation): { fn: ts.SignatureDeclaration; shape: KeyResolverModel } | undefined {
    const shape = operation.model.keyResolver;
    const value = shape ? this.keyExpressionValue(operation) : undefined;
    return shape && value?.kind === 'function' ? { fn: value.node, shape } : undefined;
  }

  /** The library's embedded header key given as the key (jose `EmbeddedJWK`): the header field it is read from. */
  private embeddedKey(operation: JwtOperation): { field: string } | undefined {
    const value = this.keyExpressionValue(operation);
    if (value?.kind !== 'library') return undefined;
    const field = embeddedHeaderKeyField(value.module, value.path);
    return field === undefined ? undefined : { field };
  }

  private fieldAt(root: readonly string[], names: readonly string[], at: ts.Node, via: ts.Node[]): HeaderFieldSource | undefined {
    if (names.length <= root.length || !root.every((step, i) => names[i] === step)) return undefined;
    const field = names[root.length];
    return KEY_HEADER_FIELDS.has(field) ? { field, node: at, via } : undefined;
  }

  private trace(expression: ts.Expression, names: string[], depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node)) return this.trace(node.expression, names, depth + 1, via);
    if (names.length === 0) {
      if (ts.isTemplateExpression(node)) {
        for (const span of node.templateSpans) {
          const found = this.trace(span.expression, [], depth + 1, via);
          if (found) return found;
        }
        return undefined;
      }
      if (ts.isBinaryExpression(node)) {
        const operator = node.operatorToken.kind;
        if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken) {
          return this.trace(node.left, [], depth + 1, via) ?? this.trace(node.right, [], depth + 1, via);
        }
        return undefined;
      }
      if (ts.isConditionalExpression(node)) return this.trace(node.whenTrue, [], depth + 1, via) ?? this.trace(node.whenFalse, [], depth + 1, via);
      if (ts.isArrayLiteralExpression(node)) {
        for (const element of node.elements) {
          if (ts.isOmittedExpression(element)) continue;
          const found = this.trace(ts.isSpreadElement(element) ? element.expression : element, [], depth + 1, via);
          if (found) return found;
        }
        return undefined;
      }
    }
    // `[header, payload]` returned or assigned, read at an index: that element
    if (ts.isArrayLiteralExpression(node) && names.length > 0 && /^\d+$/.test(names[0])) {
      const element = node.elements[Number(names[0])];
      return element && !ts.isSpreadElement(element) && !ts.isOmittedExpression(element) ? this.trace(element, names.slice(1), depth + 1, via) : undefined;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.traceCall(node, names, depth, via);
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const chain = accessChain(node);
      const all = [...chain.names, ...names];
      const nextVia = names.length === 0 ? [...via, node] : via;
      const base = chain.base;
      // `this.header.kid` with `this.header = JSON.parse(...)` in another method of the class
      if (base.kind === ts.SyntaxKind.ThisKeyword) return this.traceField(node, all.slice(1), depth, nextVia);
      if (base !== node && !ts.isIdentifier(base)) return this.trace(base, all, depth + 1, nextVia);
      if (!ts.isIdentifier(base)) return undefined;
      for (const definition of definitionsOf(base)) {
        let found: HeaderFieldSource | undefined;
        if (definition.kind === 'value') found = this.trace(definition.expression, [...definition.steps.map(String), ...all], depth + 1, nextVia);
        else if (definition.kind === 'parameter') found = this.traceParameter(definition, all, node, depth, nextVia);
        if (found) return found;
      }
      return undefined;
    }
    return undefined;
  }

  /** A field of `this` read at `names`: what the class's members store in it. */
  private traceField(read: ts.Expression, names: string[], depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    let field: ts.Expression = read;
    while ((ts.isPropertyAccessExpression(field) || ts.isElementAccessExpression(field)) && field.expression.kind !== ts.SyntaxKind.ThisKeyword) field = field.expression;
    if (!ts.isPropertyAccessExpression(field)) return undefined;
    for (const definition of fieldDefinitions(field)) {
      const found = definition.kind === 'value' ? this.trace(definition.expression, names, depth + 1, via) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** A parameter: the header parameter of a key resolver, or the arguments of the function's callers in this file. */
  private traceParameter(definition: Extract<Definition, { kind: 'parameter' }>, names: string[], node: ts.Node, depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    const fn = definition.fn;
    const path = [...definition.steps.map(String), ...names];
    const shape = this.resolvers.get(fn);
    if (shape && argumentPosition(fn, definition.index) === shape.headerParam) return this.fieldAt(shape.headerPath, path, node, via);
    // a helper whose result is being traced from one of its calls: the argument of that call
    const followed = this.following.get(fn);
    if (followed) {
      const argument = argumentFor(followed, fn, definition.index);
      return argument ? this.trace(argument, path, depth + 1, via) : undefined;
    }
    const name = functionName(fn);
    if (!name) return undefined;
    for (const call of callSitesOf(name, fn)) {
      const argument = argumentFor(call, fn, definition.index);
      if (!argument) continue;
      const found = this.trace(argument, path, depth + 1, [...via, call]);
      if (found) return found;
    }
    return undefined;
  }

  private traceCall(node: ts.CallExpression | ts.NewExpression, names: string[], depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    for (const operation of this.facts.operationsAt(node)) {
      const root = this.headerRootOf(operation);
      if (root) return this.fieldAt(root, names, node, via);
    }
    const callee = stripWrappers(node.expression);
    // `const header = headerOf(token)`: a project function (this file or another module) that returns header data
    const called = projectFunctionOf(callee, this.facts);
    if (called) return this.traceReturns(called, node, names, depth, via);
    const args = node.arguments ?? [];
    const traceArgs = (): HeaderFieldSource | undefined => {
      for (const argument of args) {
        if (ts.isSpreadElement(argument)) continue;
        const found = this.trace(argument, [], depth + 1, via);
        if (found) return found;
      }
      return undefined;
    };
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name.text : undefined;
    if (name !== undefined && SANITIZING_CALLS.has(name)) return undefined;
    // `kid.trim()`, `x5c[0].replace(...)`, `[dir, kid].join('/')`
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) && PROPAGATING_METHODS.has(callee.name.text)) {
      const found = this.trace(callee.expression, [], depth + 1, via) ?? (callee.name.text === 'concat' ? traceArgs() : undefined);
      if (found) return found;
    }
    for (const entry of PROPAGATING_CALLS) {
      if (entry.construct && !ts.isNewExpression(node)) continue;
      if (entry.global !== undefined) {
        if (isGlobal(callee, entry.global) && !entry.paths) return traceArgs();
        if (
          entry.paths &&
          ts.isPropertyAccessExpression(callee) &&
          isGlobal(stripWrappers(callee.expression), entry.global) &&
          entry.paths.some((p) => p.length === 1 && p[0] === callee.name.text)
        ) {
          return traceArgs();
        }
        continue;
      }
      const value = this.facts.resolve(callee);
      if (value.kind === 'library' && entry.modules?.includes(value.module) && entry.paths?.some((p) => samePath(p, withoutDefault(value.path)))) return traceArgs();
    }
    return undefined;
  }

  /** The values a project function returns, read at `names`; the call joins `via` (a guard around it counts). */
  private traceReturns(fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression, names: string[], depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    if (this.following.has(fn)) return undefined;
    this.following.set(fn, call);
    try {
      for (const expression of returnedExpressions(fn.body)) {
        const found = this.trace(expression, names, depth + 1, [...via, call]);
        if (found) return found;
      }
      return undefined;
    } finally {
      this.following.delete(fn);
    }
  }

  /** Every use of header data as a file path, SQL text, fetched URL or key, in the file. */
  uses(sourceFile: ts.SourceFile): HeaderKeyUse[] {
    if (!this.hasSources) return [];
    const found: HeaderKeyUse[] = [];
    const add = (kind: KeySourceKind, at: ts.Node, api: string, source: HeaderFieldSource, checkAt: ts.Node) => {
      found.push({ kind, at, api, field: source.field, source: source.node, via: source.via, validated: this.validated(source, checkAt) });
    };
    // key material handed to verification directly, or the library's embedded header key
    for (const operation of this.facts.operations) {
      if (operation.kind !== 'verify') continue;
      const embedded = this.embeddedKey(operation);
      if (embedded) {
        // a proof-of-possession token (DPoP) is signed by the key it carries by design: its thumbprint is what binds it
        if (!verifiesProofOfPossession(operation)) add('key', operation.node, operation.api, { field: embedded.field, node: operation.key ?? operation.node, via: [] }, operation.node);
        continue;
      }
      if (operation.key) {
        const source = this.trace(operation.key, [], 0, []);
        if (source) add('key', operation.node, operation.api, source, operation.node);
      }
    }
    // keys produced by key resolver functions from their header parameter
    for (const [fn, shape] of this.resolvers) this.resolverKeys(fn, shape, add);
    // calls that read, query, fetch or import
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const resolve = (expression: ts.Expression) => this.facts.resolve(expression);
        for (const sink of [...keySourceArguments(node, resolve), ...wrappedKeySourceArguments(node, resolve)]) {
          const source = this.trace(sink.argument, [], 0, []);
          if (source) add(sink.kind, node, calleeText(node), source, node);
        }
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return found.sort((a, b) => a.at.getStart() - b.at.getStart());
  }

  private resolverKeys(fn: ts.Node, shape: KeyResolverModel, add: (kind: KeySourceKind, at: ts.Node, api: string, source: HeaderFieldSource, checkAt: ts.Node) => void): void {
    if (!ts.isFunctionLike(fn)) return;
    const body = (fn as ts.FunctionLikeDeclarationBase).body;
    if (!body) return;
    const callbackParameter = shape.callback ? parameterForArgument(fn, shape.callback.param) : undefined;
    const callbackName = callbackParameter && ts.isIdentifier(callbackParameter.name) ? callbackParameter.name.text : undefined;
    if (shape.returnsKey && !ts.isBlock(body)) {
      const source = this.trace(body as ts.Expression, [], 0, []);
      if (source) add('key', body, 'key resolver', source, body);
    }
    const stack: ts.Node[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (shape.returnsKey && ts.isReturnStatement(node) && node.expression && !insideNestedFunction(node, fn)) {
        const source = this.trace(node.expression, [], 0, []);
        if (source) add('key', node.expression, 'key resolver', source, node);
      }
      if (
        callbackName &&
        shape.callback &&
        ts.isCallExpression(node) &&
        ts.isIdentifier(stripWrappers(node.expression)) &&
        (stripWrappers(node.expression) as ts.Identifier).text === callbackName
      ) {
        const argument = node.arguments[shape.callback.keyArg];
        const source = argument ? this.trace(argument, [], 0, []) : undefined;
        if (source) add('key', node, callbackName, source, node);
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
  }

  /** Is the header value checked (allowlist, pattern, comparison) on the way to `at`? */
  private validated(source: HeaderFieldSource, at: ts.Node): boolean {
    const texts = new Set<string>([stripWrappers(source.node as ts.Expression).getText()]);
    for (const node of source.via) if (!ts.isCallExpression(node)) texts.add(stripWrappers(node as ts.Expression).getText());
    return [at, ...source.via].some((node) => guarded(node, texts));
  }
}

function insideNestedFunction(node: ts.Node, fn: ts.Node): boolean {
  let current = node.parent;
  while (current && current !== fn) {
    if (ts.isFunctionLike(current)) return true;
    current = current.parent;
  }
  return false;
}

/** Uses of token header fields as file paths, SQL text, URLs or keys in the file (validated ones flagged). */
export function headerKeyUses(facts: HeaderFlowFacts, sourceFile: ts.SourceFile): HeaderKeyUse[] {
  return new HeaderFlow(facts).uses(sourceFile);
}
