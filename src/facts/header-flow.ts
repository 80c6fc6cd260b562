import { ts } from 'ts-morph';
import { findDeclaration } from '../binding/scope.js';
import { accessChain as chainOf, type AccessChain } from '../dataflow/access-chain.js';
import { callSitesOf, functionName } from '../dataflow/provenance.js';
import { projectFunctionOf, returnedExpressions, type ProjectFunction } from '../dataflow/summaries.js';
import { definitionsOf, singleDefinition, type Definition } from '../dataflow/definitions.js';
import { stripWrappers, type Value } from '../dataflow/values.js';
import {
  EMBEDDED_HEADER_KEYS,
  KEY_HEADER_FIELDS,
  KEY_RESOLVERS,
  KEY_SOURCE_CALLS,
  PROPAGATING_CALLS,
  PROPAGATING_METHODS,
  SANITIZING_CALLS,
  SQL_AMBIGUOUS_METHODS,
  SQL_HANDLE_NAMES,
  SQL_MODULES,
  SQL_TEXT_METHODS,
  VALIDATING_METHODS,
  type KeyResolverShape,
  type KeySourceKind,
} from '../models/key-sources.js';
import type { JwtOperation } from './operations.js';

/**
 * Token header data flowing into key selection: does a value derive from a header field (`kid`, `jku`,
 * `x5u`, `jwk`, `x5c`) of a token that has not been verified yet, and where is it used to build a file path,
 * SQL text, a URL to fetch, or the key itself? Header data comes from modeled decode operations (header-only
 * or complete decodes) and from the header parameter of key resolver functions given to verification.
 * Sinks, propagators and sanitizers are data in src/models/key-sources.ts.
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
  /** The header value is checked against an allowlist or pattern before this use. */
  validated: boolean;
}

const MAX_DEPTH = 30;

function dropDefault(path: readonly string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : [...path];
}

const samePath = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((step, i) => step === b[i]);

/** `a.b['c'][0]` → base `a`, names [b, c, 0]; computed keys stop the chain (a map lookup is not the header). */
const accessChain = (expression: ts.Expression): AccessChain => chainOf(expression, { numericIndexes: true });

function isGlobal(identifier: ts.Expression, name: string): boolean {
  return ts.isIdentifier(identifier) && identifier.text === name && !findDeclaration(name, identifier);
}

function calleeText(node: ts.CallExpression | ts.NewExpression): string {
  const text = stripWrappers(node.expression).getText().replace(/\s+/g, '');
  return (ts.isNewExpression(node) ? `new ${text}` : text).slice(0, 60);
}

/** The last name of a receiver: `db` in `db.query`, `pool` in `this.pool.query`, `db` in `req.db.query`. */
function receiverName(expression: ts.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)) return node.name.text;
  return undefined;
}

const SQL_WORDS = /\b(select|insert|update|delete|from|where|values|join|exec|call)\b/i;

export class HeaderFlow {
  private readonly resolvers = new Map<ts.Node, KeyResolverShape>();
  private readonly hasSources: boolean;
  /** Helper functions whose return values are being traced (recursion adds nothing and must not explode). */
  private readonly following = new Set<ts.Node>();

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

  private keyResolverOf(operation: JwtOperation): { fn: ts.SignatureDeclaration; shape: KeyResolverShape } | undefined {
    const value = this.keyExpressionValue(operation);
    if (value?.kind !== 'function') return undefined;
    const shape = KEY_RESOLVERS.find((candidate) => candidate.library === operation.library.id && (!candidate.apis || candidate.apis.includes(operation.api)));
    return shape ? { fn: value.node, shape } : undefined;
  }

  private embeddedKey(operation: JwtOperation): { field: string } | undefined {
    const value = this.keyExpressionValue(operation);
    if (value?.kind !== 'library') return undefined;
    const path = dropDefault(value.path);
    return EMBEDDED_HEADER_KEYS.find((entry) => entry.module === value.module && samePath(entry.path, path));
  }

  /** Does this expression's value derive from a token header field? */
  headerField(expression: ts.Expression): HeaderFieldSource | undefined {
    if (!this.hasSources) return undefined;
    return this.trace(expression, [], 0, []);
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

  /** A parameter: the header parameter of a key resolver, or the arguments of the function's callers in this file. */
  private traceParameter(definition: Extract<Definition, { kind: 'parameter' }>, names: string[], node: ts.Node, depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    const fn = definition.fn;
    const path = [...definition.steps.map(String), ...names];
    const shape = this.resolvers.get(fn);
    if (shape && definition.index === shape.headerParam) return this.fieldAt(shape.headerPath, path, node, via);
    const name = functionName(fn);
    if (!name) return undefined;
    for (const call of callSitesOf(name, fn)) {
      const argument = call.arguments[definition.index];
      if (!argument || ts.isSpreadElement(argument)) continue;
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
        if (entry.paths && ts.isPropertyAccessExpression(callee) && isGlobal(stripWrappers(callee.expression), entry.global) && entry.paths.some((p) => p.length === 1 && p[0] === callee.name.text)) {
          return traceArgs();
        }
        continue;
      }
      const value = this.facts.resolve(callee);
      if (value.kind === 'library' && entry.modules?.includes(value.module) && entry.paths?.some((p) => samePath(p, dropDefault(value.path)))) return traceArgs();
    }
    return undefined;
  }

  /** The values a project function returns, read at `names`; the call joins `via` (a guard around it counts). */
  private traceReturns(fn: ProjectFunction, call: ts.CallExpression | ts.NewExpression, names: string[], depth: number, via: ts.Node[]): HeaderFieldSource | undefined {
    if (this.following.has(fn)) return undefined;
    this.following.add(fn);
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
      found.push({ kind, at, api, field: source.field, source: source.node, validated: this.validated(source, checkAt) });
    };
    // key material handed to verification directly, or the library's embedded header key
    for (const operation of this.facts.operations) {
      if (operation.kind !== 'verify') continue;
      const embedded = this.embeddedKey(operation);
      if (embedded) {
        add('key', operation.node, operation.api, { field: embedded.field, node: operation.key ?? operation.node, via: [] }, operation.node);
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
        for (const sink of this.sinksOf(node)) {
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

  private resolverKeys(fn: ts.Node, shape: KeyResolverShape, add: (kind: KeySourceKind, at: ts.Node, api: string, source: HeaderFieldSource, checkAt: ts.Node) => void): void {
    if (!ts.isFunctionLike(fn)) return;
    const body = (fn as ts.FunctionLikeDeclarationBase).body;
    if (!body) return;
    const callbackParameter = shape.callback ? fn.parameters[shape.callback.param] : undefined;
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
      if (callbackName && shape.callback && ts.isCallExpression(node) && ts.isIdentifier(stripWrappers(node.expression)) && (stripWrappers(node.expression) as ts.Identifier).text === callbackName) {
        const argument = node.arguments[shape.callback.keyArg];
        const source = argument ? this.trace(argument, [], 0, []) : undefined;
        if (source) add('key', node, callbackName, source, node);
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
  }

  private sinksOf(node: ts.CallExpression | ts.NewExpression): { kind: KeySourceKind; argument: ts.Expression }[] {
    const args = node.arguments ?? [];
    const callee = stripWrappers(node.expression);
    const out: { kind: KeySourceKind; argument: ts.Expression }[] = [];
    const argumentAt = (index: number, path: readonly string[] | undefined): ts.Expression | undefined => {
      const argument = args[index];
      if (!argument || ts.isSpreadElement(argument)) return undefined;
      if (!path || path.length === 0) return argument;
      return propertyExpression(argument, path);
    };
    const push = (kind: KeySourceKind, index: number, path: readonly string[] | undefined) => {
      const argument = argumentAt(index, path);
      if (argument) out.push({ kind, argument });
    };
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return out;
    const value = this.facts.resolve(callee);
    for (const entry of KEY_SOURCE_CALLS) {
      if (entry.global !== undefined) {
        if (isGlobal(callee, entry.global)) push(entry.kind, entry.arg, entry.path);
        continue;
      }
      if (value.kind !== 'library' || !entry.modules?.includes(value.module)) continue;
      const path = dropDefault(value.path);
      const last = path[path.length - 1];
      const fromInstance = path.includes('()') || path.includes('new');
      if (entry.paths?.some((p) => samePath(p, path)) || (entry.methodsOfInstances && fromInstance && last !== undefined && entry.methodsOfInstances.includes(last))) {
        push(entry.kind, entry.arg, entry.path);
      }
    }
    // SQL text: a method of a database client, pool or connection
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) && SQL_TEXT_METHODS.has(callee.name.text)) {
      const method = callee.name.text;
      const sqlLibrary = value.kind === 'library' && SQL_MODULES.includes(value.module);
      const receiver = this.facts.resolve(callee.expression);
      const byName = value.kind !== 'library' && receiver.kind !== 'library' && !SQL_AMBIGUOUS_METHODS.has(method) && SQL_HANDLE_NAMES.has(receiverName(callee.expression) ?? '');
      const text = argumentAt(0, undefined);
      if (text && (sqlLibrary || (byName && this.looksLikeSql(text, 0)))) out.push({ kind: 'sql', argument: text });
    }
    return out;
  }

  /** The literal parts of a string built from a template or concatenation contain SQL keywords. */
  private looksLikeSql(expression: ts.Expression, depth: number): boolean {
    if (depth > 5) return false;
    const node = stripWrappers(expression);
    if (ts.isTemplateExpression(node)) return SQL_WORDS.test(node.head.text + node.templateSpans.map((span) => span.literal.text).join(' '));
    if (ts.isStringLiteralLike(node)) return SQL_WORDS.test(node.text);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return this.looksLikeSql(node.left, depth + 1) || this.looksLikeSql(node.right, depth + 1);
    if (ts.isIdentifier(node)) {
      const definition = singleDefinition(node);
      if (definition?.kind === 'value' && definition.steps.length === 0) return this.looksLikeSql(definition.expression, depth + 1);
    }
    return false;
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

/** `{ url: x }` → x, following a const holding an object literal. */
function propertyExpression(expression: ts.Expression, path: readonly string[]): ts.Expression | undefined {
  let current: ts.Expression | undefined = stripWrappers(expression);
  for (const step of path) {
    if (!current) return undefined;
    if (ts.isIdentifier(current)) {
      const definition = singleDefinition(current);
      current = definition?.kind === 'value' && definition.steps.length === 0 ? stripWrappers(definition.expression) : undefined;
    }
    if (!current || !ts.isObjectLiteralExpression(current)) return undefined;
    let next: ts.Expression | undefined;
    for (const property of current.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === step) next = property.initializer;
      else if (ts.isShorthandPropertyAssignment(property) && property.name.text === step) next = property.name;
    }
    current = next ? stripWrappers(next) : undefined;
  }
  return current;
}

/** Does the expression mention one of the tracked header values? */
function mentions(expression: ts.Node, texts: ReadonlySet<string>): boolean {
  const stack: ts.Node[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && texts.has(node.getText())) return true;
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

const isNothing = (node: ts.Expression): boolean => {
  const stripped = stripWrappers(node);
  return stripped.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(stripped) && stripped.text === 'undefined') || ts.isVoidExpression(stripped) ||
    (ts.isStringLiteralLike(stripped) && stripped.text === '') || ts.isTypeOfExpression(stripped);
};

const VALIDATOR_NAME = /valid|allow|trust|known|check|verify|safe/i;

/** Does this condition check a tracked header value against an allowlist, a pattern or a known value? */
function validates(condition: ts.Node, texts: ReadonlySet<string>): boolean {
  const stack: ts.Node[] = [condition];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const callee = stripWrappers(node.expression);
      const argsMention = node.arguments.some((argument) => mentions(argument, texts));
      if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) && VALIDATING_METHODS.has(callee.name.text) && (argsMention || mentions(callee.expression, texts))) return true;
      if (ts.isIdentifier(callee) && VALIDATOR_NAME.test(callee.text) && argsMention) return true;
    }
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      const equality = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (equality && !isNothing(node.left) && !isNothing(node.right) && (mentions(node.left, texts) || mentions(node.right, texts))) return true;
      if (operator === ts.SyntaxKind.InKeyword && mentions(node.left, texts)) return true;
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return false;
}

/** Does the statement always leave the function (return / throw at its end)? */
function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

/** Is `node` reached only after a validation of a tracked value (enclosing `if`, earlier guard clause, `&&`, `?:`, assert call)? */
function guarded(node: ts.Node, texts: ReadonlySet<string>): boolean {
  let child: ts.Node = node;
  let current: ts.Node | undefined = node.parent;
  while (current) {
    if (ts.isIfStatement(current) && (child === current.thenStatement || child === current.elseStatement) && validates(current.expression, texts)) return true;
    if (ts.isConditionalExpression(current) && (child === current.whenTrue || child === current.whenFalse) && validates(current.condition, texts)) return true;
    if (ts.isBinaryExpression(current) && child === current.right && (current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || current.operatorToken.kind === ts.SyntaxKind.BarBarToken) && validates(current.left, texts)) return true;
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isCaseClause(current) || ts.isDefaultClause(current)) {
      for (const statement of current.statements) {
        if (statement.pos >= child.pos) break;
        if (ts.isIfStatement(statement) && exits(statement.thenStatement) && validates(statement.expression, texts)) return true;
        if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && validates(statement.expression, texts)) return true;
      }
    }
    child = current;
    current = current.parent;
  }
  return false;
}

/** Uses of token header fields as file paths, SQL text, URLs or keys in the file (validated ones flagged). */
export function headerKeyUses(facts: HeaderFlowFacts, sourceFile: ts.SourceFile): HeaderKeyUse[] {
  return new HeaderFlow(facts).uses(sourceFile);
}

/** Does the expression derive from a token header field (kid, jku, x5u, jwk, x5c)? */
export function headerFieldOf(facts: HeaderFlowFacts, expression: ts.Expression): HeaderFieldSource | undefined {
  return new HeaderFlow(facts).headerField(expression);
}
