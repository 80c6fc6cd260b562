import { ts } from 'ts-morph';
import { QUERY_STRING_ADD_METHODS, QUERY_STRING_BUILDERS, QUERY_STRING_CLASS, REDIRECT_METHODS, URL_HREF_MEMBER, URL_SEARCH_PARAMS_MEMBER } from '../../models/sinks.js';
import { CREDENTIAL_QUERY_PARAMETERS } from '../../models/http.js';
import { findDeclaration } from '../../binding/scope.js';
import { yieldsNoText } from '../../parsing/operators.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { parameterIndexOf } from '../../dataflow/parameter-reach.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { projectFunctionOf, type ProjectFunction } from '../../dataflow/summaries.js';
import { objectEntries, receiverLabel, samePath, stringOf, withoutDefault } from './common.js';
import type { HttpRequestSinks } from './http-request.js';
import { PLACEHOLDER, partsText, textParts, type TextPart } from './text.js';
import type { TokenSink } from './types.js';
import { ARRAY_JOIN, URL_CONSTRUCTOR } from '../../models/runtime.js';
import { endsBeforeUrlValue, isNavigationTarget, mayEmbedUrl, mayStartUrl, namesParameterBeforeValue, startsAsUrl, urlPlace } from './url-text.js';

/**
 * Values placed in a URL's query string or fragment (`url`): templates, concatenations, `new URLSearchParams(...)`
 * and `searchParams.set(...)` on a query that ends up in a URL.
 */

/** Uses of a value followed this deep (through variables) to see whether it ends up in a URL. */
const MAX_USE_DEPTH = 6;
/** Concatenations longer than this are analysed by their first operands only. */
const MAX_CONCATENATION_OPERANDS = 200;

/** Project HTTP helpers followed this deep, each within this many nodes. */
const MAX_HELPER_DEPTH = 3;
const HELPER_WORK_UNITS = 5_000;

export class UrlSinks {
  /** Per project helper and parameter: the client of the request whose URL the parameter is part of (null: none). */
  private readonly helperRequests = new WeakMap<ts.Node, Map<number, string | null>>();

  /** `requests` tells a credential URL parameter of an outgoing request (`requestUrl`). */
  constructor(
    private readonly resolver: ValueResolver,
    private readonly requests: HttpRequestSinks,
  ) {}

  /** `${base}?token=${t}`, `/cb#access_token=${t}`, `${ROOT_URL}/auth/${t}`. */
  templateSinks(node: ts.TemplateExpression): TokenSink[] {
    // Cheap, before any value resolution: a value lands in a query parameter or fragment only after text ending
    // in '=' or '#', or right after another substitution (which may be a constant such as '?token='); in a path
    // segment after '/', only of a template that is a URL by its start or where it is used.
    const pathToo = startsAsUrl(node.head.text, node.templateSpans[0]?.expression) || isNavigationTarget(node) || mayEmbedUrl(node);
    if (!node.templateSpans.some((_, i) => this.precedesUrlValue(node, i, pathToo))) return [];
    const parts = textParts(this.resolver, node);
    return parts ? this.urlSinksFromParts(node, parts, 'URL template') : [];
  }

  /**
   * `base + '?token=' + t`: analysed once, at the outermost `+` of a concatenation, over its operands in
   * order (iteratively: concatenations can be thousands of operands long).
   */
  concatenationSinks(node: ts.BinaryExpression): TokenSink[] {
    const parent = node.parent;
    if (ts.isBinaryExpression(parent) && isConcatenation(parent) && (parent.left === node || parent.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)) return [];
    // `url += '&token=' + t`: the text is appended to what `url` holds
    const appended = node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken;
    const operands: ts.Expression[] = [];
    let current: ts.Expression = appended ? stripWrappers(node.right) : node;
    while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.PlusToken && operands.length < MAX_CONCATENATION_OPERANDS) {
      operands.push(current.right);
      current = stripWrappers(current.left);
    }
    operands.push(current);
    if (appended) operands.push(appendedTo(node.left));
    operands.reverse();
    // Each operand's text is read (constants resolved) only when a later operand may be a URL value: most `+` are
    // arithmetic or plain text, and resolving every operand of every one was a large part of a scan.
    const parts: (TextPart[] | undefined)[] = [];
    const partsOf = (i: number): TextPart[] => (parts[i] ??= textParts(this.resolver, operands[i], 20) ?? [{ expression: operands[i] }]);
    let path: boolean | undefined;
    const first = stripWrappers(operands[0]);
    const pathToo = () => (path ??= (ts.isStringLiteralLike(first) ? startsAsUrl(first.text) || mayStartUrl(first.text) : startsAsUrl('', first)) || isNavigationTarget(node));
    const textBefore = (i: number): string => partsText(operands.slice(0, i).flatMap((_, j) => partsOf(j)));
    const sinks: TokenSink[] = [];
    operands.forEach((operand, i) => {
      const inner = stripWrappers(operand);
      if (i > 0 && ts.isTemplateExpression(inner) && namesParameterBeforeValue(inner)) sinks.push(...this.templateOperandSinks(inner, node, textBefore(i)));
      if (i === 0 || ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || ts.isNumericLiteral(inner) || !endsBeforeUrlValue(i, partsOf, pathToo())) return;
      const before = textBefore(i);
      const values = operands.slice(0, i).flatMap((_, j) => partsOf(j).flatMap((part) => (part.expression ? [part.expression] : [])));
      const place = urlPlace(before, values, node);
      if (place)
        sinks.push({ kind: 'url', node, api: this.urlLabel(node, 'URL concatenation'), values: [operand], key: place.name, urlPart: place.part, ...this.requestUrlFact(node, place.name) });
    });
    return sinks;
  }

  /** Query parameters of a template continuing a concatenated URL (`base + \`&secret=${s}\``); one with its own `?`/`#` is read alone. */
  private templateOperandSinks(template: ts.TemplateExpression, concatenation: ts.BinaryExpression, before: string): TokenSink[] {
    const sinks: TokenSink[] = [];
    let local = template.head.text;
    for (const { expression, literal } of template.templateSpans) {
      const place = /[?#]/.test(local) ? undefined : urlPlace(before + local, [], concatenation);
      const key = place?.part === 'query' ? place.name : undefined;
      const api = key === undefined ? '' : this.urlLabel(concatenation, 'URL concatenation');
      if (key !== undefined) sinks.push({ kind: 'url', node: template, api, values: [expression], key, urlPart: 'query', ...this.requestUrlFact(template, key) });
      local += PLACEHOLDER + literal.text;
    }
    return sinks;
  }

  /** `[ROOT_URL, 'reset', token].join('/')`: a URL's path joined from its segments. */
  joinedPathSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== ARRAY_JOIN || node.arguments.length !== 1) return [];
    const separator = stripWrappers(node.arguments[0]);
    const array = stripWrappers(callee.expression);
    if (!ts.isStringLiteralLike(separator) || separator.text !== '/' || !ts.isArrayLiteralExpression(array) || array.elements.length < 2) return [];
    if (array.elements.some((element) => ts.isSpreadElement(element) || ts.isOmittedExpression(element))) return [];
    const parts = array.elements.flatMap((element, i): TextPart[] => [...(i > 0 ? [{ text: '/' }] : []), ...(textParts(this.resolver, element) ?? [{ expression: element }])]);
    return this.urlSinksFromParts(node, parts, 'URL path join');
  }

  /** `new URLSearchParams({ token })` whose string ends up in a URL (not a form body). */
  searchParamsConstructionSinks(node: ts.NewExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isIdentifier(callee) || callee.text !== QUERY_STRING_CLASS || findDeclaration(callee.text, callee)) return [];
    const init = node.arguments?.[0];
    if (!init) return [];
    const object = stripWrappers(init);
    const entries = objectEntries(object);
    if (ts.isArrayLiteralExpression(object)) {
      for (const element of object.elements) {
        const pair = stripWrappers(element);
        if (ts.isArrayLiteralExpression(pair) && pair.elements.length === 2 && !ts.isSpreadElement(pair.elements[1])) {
          entries.push({ name: stringOf(this.resolver, pair.elements[0]), value: pair.elements[1] });
        }
      }
    }
    if (entries.length === 0 || !this.endsUpInUrl(node, 0)) return [];
    return entries.map((entry) => ({ kind: 'url' as const, node, api: QUERY_STRING_CLASS, values: [entry.value], key: entry.name, urlPart: 'query' as const }));
  }

  /**
   * `qs.stringify({ token })`, `querystring.stringify({ access_token: t })` whose text ends up in a URL (after a `?`,
   * or given a `?`/`#` prefix, querystringify); a query string sent as a form body is not a URL.
   */
  queryStringBuilderSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    const model = QUERY_STRING_BUILDERS.find((builder) => builder.modules.includes(value.module) && samePath(path, builder.path));
    const object = model && node.arguments[model.objectArg];
    if (!model || !object || ts.isSpreadElement(object)) return [];
    const literal = ts.isObjectLiteralExpression(stripWrappers(object));
    const entries = objectEntries(stripWrappers(object));
    const prefixArgument = model.prefixArg !== undefined ? node.arguments[model.prefixArg] : undefined;
    const prefix = prefixArgument ? this.resolver.resolve(prefixArgument) : undefined;
    const fragment = prefix?.kind === 'string' && prefix.value === '#';
    const prefixed = fragment || (prefix?.kind === 'string' && prefix.value === '?') || prefix?.kind === 'boolean';
    if ((literal && entries.length === 0) || !(prefixed || this.endsUpInUrl(node, 0))) return [];
    const api = `${callee.getText().slice(0, 40)}`;
    const urlPart = fragment ? ('fragment' as const) : ('query' as const);
    // an object built elsewhere (`qs.stringify(query)` of a parameter): its properties, whichever they are
    if (!literal) return [{ kind: 'url', node, api, values: [object], urlPart, held: true }];
    return entries.map((entry) => ({ kind: 'url' as const, node, api, values: [entry.value], key: entry.name, urlPart }));
  }

  /** `url.searchParams.set('token', t)`, `params.append('token', t)` on a URLSearchParams that ends up in a URL. */
  searchParamsAddSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !QUERY_STRING_ADD_METHODS.has(callee.name.text) || node.arguments.length < 2) return [];
    const receiver = stripWrappers(callee.expression);
    let isUrlQuery = false;
    if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === URL_SEARCH_PARAMS_MEMBER) {
      isUrlQuery = true;
    } else if (ts.isIdentifier(receiver)) {
      const declaration = findDeclaration(receiver.text, receiver);
      if (declaration?.kind === 'variable' && declaration.steps.length === 0 && declaration.node.initializer) {
        const initializer = stripWrappers(declaration.node.initializer);
        if (ts.isPropertyAccessExpression(initializer) && initializer.name.text === URL_SEARCH_PARAMS_MEMBER) isUrlQuery = true;
        else if (ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === QUERY_STRING_CLASS) {
          isUrlQuery = this.endsUpInUrl(initializer, 0);
        }
      }
    }
    if (!isUrlQuery) return [];
    const [name, value] = node.arguments;
    if (ts.isSpreadElement(value)) return [];
    const key = stringOf(this.resolver, name);
    return [{ kind: 'url', node, api: `searchParams.${callee.name.text}`, values: [value], key, urlPart: 'query', ...this.searchParamsRequestFact(receiver, key) }];
  }

  /**
   * `requestUrl` of a credential parameter added to a URL object's searchParams (`url.searchParams.set('access_token', t)`,
   * or through `const params = url.searchParams`) when that URL object (a variable holding `new URL(...)`) is the URL of an
   * outgoing request: `fetch(url)`, `axios.get(url.toString())`, `got(url.href)`.
   */
  private searchParamsRequestFact(receiver: ts.Expression, parameter: string | undefined): { requestUrl?: string } {
    if (parameter === undefined || !CREDENTIAL_QUERY_PARAMETERS.has(parameter)) return {};
    let holder: ts.Expression = receiver;
    if (ts.isIdentifier(holder)) {
      const declaration = findDeclaration(holder.text, holder);
      if (declaration?.kind !== 'variable' || declaration.steps.length > 0 || !declaration.node.initializer) return {};
      holder = stripWrappers(declaration.node.initializer);
    }
    if (!ts.isPropertyAccessExpression(holder) || holder.name.text !== URL_SEARCH_PARAMS_MEMBER) return {};
    const object = stripWrappers(holder.expression);
    if (!ts.isIdentifier(object)) return {};
    const declaration = findDeclaration(object.text, object);
    if (declaration?.kind !== 'variable' || declaration.steps.length > 0 || !declaration.node.initializer) return {};
    const initializer = stripWrappers(declaration.node.initializer);
    if (!ts.isNewExpression(initializer) || !ts.isIdentifier(initializer.expression) || initializer.expression.text !== URL_CONSTRUCTOR) return {};
    for (const reference of referencesOf(declaration.node, object.text)) {
      const client = this.outgoingRequestOf(reference, 0);
      if (client) return { requestUrl: client };
    }
    return {};
  }

  /**
   * Does this query-string value end up in a URL: after a `?` in a template or concatenation, or assigned to a URL's
   * `search`? A URLSearchParams sent as a request body (`body: params`) is a form, not a URL.
   */
  private endsUpInUrl(expression: ts.Node, depth: number): boolean {
    if (depth > MAX_USE_DEPTH) return false;
    let node: ts.Node = expression;
    for (;;) {
      const parent: ts.Node = node.parent;
      if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
        node = parent;
      } else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'toString' && ts.isCallExpression(parent.parent)) {
        node = parent.parent;
      } else if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'String' && parent.arguments[0] === node) {
        node = parent;
      } else {
        break;
      }
    }
    const parent = node.parent;
    if (ts.isTemplateSpan(parent)) {
      const template = parent.parent;
      let before = template.head.text;
      for (const span of template.templateSpans) {
        if (span === parent) break;
        before += PLACEHOLDER + span.literal.text;
      }
      return before.includes('?');
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken && parent.right === node) {
      const left = textParts(this.resolver, parent.left);
      return left !== undefined && partsText(left).includes('?');
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
      const target = stripWrappers(parent.left);
      return ts.isPropertyAccessExpression(target) && target.name.text === 'search';
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
      const name = parent.name.text;
      return referencesOf(parent, name).some((reference) => this.endsUpInUrl(reference, depth + 1));
    }
    return false;
  }

  private urlLabel(node: ts.Node, fallback: string): string {
    let current = node.parent;
    while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.parent;
    if (current && ts.isCallExpression(current) && current.arguments.some((a) => stripWrappers(a) === node || a === node)) {
      const callee = stripWrappers(current.expression);
      if (ts.isPropertyAccessExpression(callee) && REDIRECT_METHODS.has(callee.name.text)) return `${receiverLabel(callee.expression)}.${callee.name.text}`;
    }
    return fallback;
  }

  /**
   * The client of an outgoing request whose URL contains parameter `index` of a project function (a project HTTP
   * helper: `get(options)` calling `https.get(options, cb)`, `graph(path)` calling `get(base + path)`), or undefined.
   */
  private requestOfParameter(fn: ProjectFunction, index: number, depth: number): string | undefined {
    let byIndex = this.helperRequests.get(fn);
    if (!byIndex) this.helperRequests.set(fn, (byIndex = new Map()));
    const known = byIndex.get(index);
    if (known !== undefined || depth > MAX_HELPER_DEPTH) return known ?? undefined;
    byIndex.set(index, null);
    const stack: ts.Node[] = [fn.body];
    for (let work = 0; stack.length > 0 && work < HELPER_WORK_UNITS; work += 1) {
      const node = stack.pop()!;
      const found = ts.isCallExpression(node) ? this.requestOfCallInHelper(node, fn, index, depth) : undefined;
      if (found) {
        byIndex.set(index, found);
        return found;
      }
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return undefined;
  }

  /** Does this call in helper `fn` send its parameter `index` in a request URL, directly or through another helper? */
  private requestOfCallInHelper(call: ts.CallExpression, fn: ProjectFunction, index: number, depth: number): string | undefined {
    const isParameter = (argument: ts.Expression | undefined): boolean => argument !== undefined && !ts.isSpreadElement(argument) && parameterIndexOf(argument, fn, false, 0, true) === index;
    const matched = this.requests.matchClient(call, true);
    if (matched) return matched.model.urlArg !== undefined && isParameter(call.arguments[matched.model.urlArg]) ? matched.api : undefined;
    const inner = call.arguments.some(isParameter) ? projectFunctionOf(call.expression, this.resolver) : undefined;
    if (!inner || inner === fn) return undefined;
    for (const [position, argument] of call.arguments.entries()) {
      if (!isParameter(argument)) continue;
      const found = this.requestOfParameter(inner, position, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** `requestUrl` of a URL sink whose parameter is a credential by name. */
  private requestUrlFact(url: ts.Node, parameter: string | undefined): { requestUrl?: string } {
    if (parameter === undefined || !CREDENTIAL_QUERY_PARAMETERS.has(parameter)) return {};
    const client = this.outgoingRequestOf(url, 0);
    return client ? { requestUrl: client } : {};
  }

  /**
   * The client of the outgoing request whose URL argument this expression is: directly, through `new URL(...)`,
   * `String(...)`, `.toString()`, `.href`, or through a const holding it (`const url = ...; await fetch(url)`).
   */
  private outgoingRequestOf(expression: ts.Node, depth: number): string | undefined {
    if (depth > 2) return undefined;
    let node: ts.Node = expression;
    for (;;) {
      const parent: ts.Node = node.parent;
      if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) node = parent;
      else if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === URL_CONSTRUCTOR && parent.arguments?.[0] === node) node = parent;
      else if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'String' && parent.arguments[0] === node) node = parent;
      else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'toString' && ts.isCallExpression(parent.parent)) node = parent.parent;
      // a URL object's whole text
      else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === URL_HREF_MEMBER) node = parent;
      // a piece of a concatenated URL (`'https://host/token' + \`&client_secret=${secret}\``): the whole text is the URL
      else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) node = parent;
      else break;
    }
    const parent = node.parent;
    if (ts.isCallExpression(parent) && parent.expression !== node) {
      const index = parent.arguments.indexOf(node as ts.Expression);
      const matched = this.requests.matchClient(parent, true);
      if (matched) return matched.model.urlArg === index ? matched.api : undefined;
      // a project HTTP helper (`get(url) { return new Promise(… https.get(url, …)) }`, also in another module)
      const fn = projectFunctionOf(parent.expression, this.resolver);
      return fn ? this.requestOfParameter(fn, index, 0) : undefined;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
      const list = parent.parent;
      if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
      let scope: ts.Node = list;
      while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
      const name = parent.name.text;
      let found: string | undefined;
      const visit = (current: ts.Node): void => {
        if (found) return;
        if (ts.isIdentifier(current) && current.text === name && current !== parent.name && findDeclaration(name, current)?.node === parent) {
          found = this.outgoingRequestOf(current, depth + 1);
        }
        current.forEachChild(visit);
      };
      visit(scope);
      return found;
    }
    return undefined;
  }

  /** Does the text before substitution `index` of a template end in '=' or '#'? Constants resolved only as far back as needed. */
  private precedesUrlValue(node: ts.TemplateExpression, index: number, pathToo: boolean): boolean {
    // pieces in order: the head, then each substitution (its constant resolved) and the literal text after it
    const pieceAt = (piece: number): TextPart[] => {
      if (piece === 0) return [{ text: node.head.text }];
      const span = node.templateSpans[Math.floor((piece - 1) / 2)];
      if (piece % 2 === 0) return [{ text: span.literal.text }];
      if (yieldsNoText(stripWrappers(span.expression))) return [{ expression: span.expression }];
      const value = this.resolver.resolve(span.expression);
      return [value.kind === 'string' ? { text: value.value } : { expression: span.expression }];
    };
    return endsBeforeUrlValue(1 + 2 * index, pieceAt, pathToo);
  }

  private urlSinksFromParts(node: ts.Node, parts: TextPart[], api: string): TokenSink[] {
    const sinks: TokenSink[] = [];
    let before = '';
    const values: ts.Expression[] = [];
    for (const part of parts) {
      if (part.expression) {
        const place = urlPlace(before, values, node);
        if (place)
          sinks.push({ kind: 'url', node, api: this.urlLabel(node, api), values: [part.expression], key: place.name, urlPart: place.part, ...this.requestUrlFact(node, place.name) });
        before += PLACEHOLDER;
        values.push(part.expression);
      } else {
        before += part.text;
      }
    }
    return sinks;
  }
}

/** Identifiers in the declaring scope that refer to the variable declared by `declaration`. */
function referencesOf(declaration: ts.VariableDeclaration, name: string): ts.Identifier[] {
  let scope: ts.Node = declaration;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  const found: ts.Identifier[] = [];
  const stack: ts.Node[] = [scope];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const target = findDeclaration(name, node);
      if (target?.kind === 'variable' && target.node === declaration) found.push(node);
    }
    node.forEachChild((child) => {
      stack.push(child);
    });
  }
  return found;
}

/** `a + b`, or `a += b` (text appended to a variable). */
function isConcatenation(node: ts.BinaryExpression): boolean {
  return node.operatorToken.kind === ts.SyntaxKind.PlusToken || node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken;
}

/** What `url` holds before `url += ...`: its one definition's expression (for the text it starts with), else the name. */
function appendedTo(target: ts.Expression): ts.Expression {
  const name = stripWrappers(target);
  const definition = ts.isIdentifier(name) ? singleDefinition(name) : undefined;
  return definition?.kind === 'value' && definition.steps.length === 0 ? definition.expression : target;
}
