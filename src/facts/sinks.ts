import { ts } from 'ts-morph';
import {
  CALLABLE_LOGGER_PACKAGES,
  CONSOLE_OBJECT,
  COOKIE_OPTION_NAMES,
  COOKIE_SETTERS,
  DEFAULT_HEADERS_PATH,
  GLOBAL_OBJECTS,
  HEADERS_CLASS,
  HEADER_SET_METHODS,
  INSTANCE_REQUEST_METHODS,
  LOGGER_CHILD_METHODS,
  LOGGER_CLASSES,
  LOGGER_NAMES,
  LOGGER_PACKAGES,
  LOG_METHODS,
  QUERY_STRING_ADD_METHODS,
  QUERY_STRING_CLASS,
  QUERY_TOKEN_EXTRACTORS,
  REDIRECT_METHODS,
  REQUEST_CLIENTS,
  REQUEST_HEADERS_FIELD,
  REQUEST_QUERY_MEMBERS,
  REQUEST_QUERY_METHODS,
  SET_COOKIE_HEADER,
  SET_COOKIE_HEADER_DEFAULTS,
  URL_HREF_MEMBER,
  URL_SEARCH_PARAMS_MEMBER,
  WEB_STORAGE_OBJECTS,
  WEB_STORAGE_TYPE,
  WEB_STORAGE_WRITE_METHOD,
  WRITE_HEAD_METHOD,
  type CookieDefault,
  type CookieSetterModel,
  type RequestClientModel,
} from '../models/sinks.js';
import { CREDENTIAL_QUERY_PARAMETERS, REQUEST_PARAMETER_DECORATORS, TOKEN_HEADER_NAMES } from '../models/http.js';
import { KEY_SOURCE_CALLS } from '../models/key-sources.js';
import { PERSISTED_STORES } from '../models/stores.js';
import { persistedStoreSinks } from './store-sinks.js';
import { findDeclaration } from '../binding/scope.js';
import { singleDefinition } from '../dataflow/definitions.js';
import { FunctionSummaries } from '../dataflow/summaries.js';
import { accessChain } from '../dataflow/access-chain.js';
import { requestDecoratorOf, requestPartOf } from '../dataflow/request-sources.js';
import { stripWrappers, type Value, type ValueResolver } from '../dataflow/values.js';

export type TokenSinkKind =
  /** localStorage / sessionStorage write. */
  | 'web-storage'
  /** `document.cookie = ...` from script. */
  | 'script-cookie'
  /** console or a logger. */
  | 'log'
  /** A cookie set by the server (Set-Cookie): `res.cookie`, `ctx.cookies.set`, `cookie.serialize`, a hand-written header. */
  | 'http-cookie'
  /** A value placed in a URL's query string or fragment (template, concatenation, URLSearchParams, searchParams.set). */
  | 'url'
  /** A server reading a parameter from the query string of the request (`req.query.token`), or a library configured to. */
  | 'request-param'
  /** An outgoing HTTP request carrying a credential header (fetch, axios, got, ky, node http). */
  | 'http-request'
  /** Verification keys fetched from a URL (a JWKS: jwks-rsa `jwksUri`, jose `createRemoteJWKSet`); `target` is the URL. */
  | 'key-fetch';

/** One cookie attribute as the code sets it. */
export type CookieAttributeFact =
  /** Written explicitly and resolved (`httpOnly: true`, `sameSite: 'lax'`, `; Secure` in a header). */
  | { state: 'set'; value: boolean | string; node: ts.Node }
  /** Not written: the framework's default applies. */
  | { state: 'default'; value: CookieDefault }
  /** Written with a value the analysis cannot resolve, or options that cannot be seen (spread, variable). */
  | { state: 'unknown'; node: ts.Node };

export interface CookieFacts {
  /** Framework model id (`express`, `koa`, ...) or `set-cookie-header`. */
  framework: string;
  /** Where the framework documents its defaults. */
  docs?: string;
  httpOnly: CookieAttributeFact;
  secure: CookieAttributeFact;
  sameSite: CookieAttributeFact;
  /**
   * Where attributes can be written in code (for fixes): the options object literal of the call, or the last
   * argument after which an options object can be added. Undefined when the options are built elsewhere.
   */
  writableAt?: { object: ts.ObjectLiteralExpression } | { after: ts.Expression };
  /** The option names this setter uses for each attribute (not for a hand-written Set-Cookie header). */
  optionNames?: typeof COOKIE_OPTION_NAMES;
}

/** The target of an outgoing request, as far as it is known. */
export interface RequestTargetFact {
  /** Known prefix of the absolute URL (base URL joined with the path when both are known). */
  text: string;
  /** True when `text` is the whole URL; false when only a prefix is known. */
  complete: boolean;
  /** The URL (or base URL / host) expression. */
  node: ts.Node;
}

export interface TokenSink {
  kind: TokenSinkKind;
  /** The write / log / cookie-setting / URL-building / request call or assignment, or the query read: the primary location. */
  node: ts.Node;
  /** Human name of the API, e.g. `localStorage.setItem`. */
  api: string;
  /** Values written, logged, set in the cookie, placed in the URL or sent in the header. */
  values: readonly ts.Expression[];
  /**
   * Set on a sink reached through a project function of another module (`saveToken(token)` where
   * `saveToken = (t) => localStorage.setItem('token', t)`): `node` is the call of that function, `values` the
   * arguments that reach the inner sink's values, `via` the sink inside it. Such a sink carries no `key`: reasoning
   * from the key's name belongs to the inner sink. Only rules with `meta.wrapperCalls` receive these.
   */
  via?: TokenSink;
  /** For a sink through a project function: the calls from that function down to the sink (wrappers of wrappers). */
  through?: readonly (ts.CallExpression | ts.NewExpression)[];
  /** Storage key, cookie name, URL or query parameter name, or header name when it is a literal (or resolves to one). */
  key?: string;
  /** http-cookie: the cookie's attributes. */
  cookie?: CookieFacts;
  /** url: where in the URL the value goes. */
  urlPart?: 'query' | 'fragment';
  /** http-request: the request's target. */
  target?: RequestTargetFact;
  /** request-param: `library` when a library is configured to take the token from the query string, `read` for a read in code. */
  acceptedBy?: 'library' | 'read';
  /** request-param (read): the variable declaration that receives the value, if any (`const t = req.query.token`). */
  binding?: ts.VariableDeclaration;
  /**
   * url: the client (`fetch`, `axios.get`) of the outgoing request whose URL this is. Looked up only for
   * credential parameter names (models/http.ts CREDENTIAL_QUERY_PARAMETERS), which matter whatever the value.
   */
  requestUrl?: string;
}

/** An options argument written as an object literal in the call itself. */
function objectLiteralAt(argument: ts.Expression): { object: ts.ObjectLiteralExpression } | undefined {
  return ts.isObjectLiteralExpression(argument) ? { object: argument } : undefined;
}

/** `window.localStorage` → 'localStorage'; `localStorage` → 'localStorage'. */
function storageName(expression: ts.Expression, depth = 0): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node) && WEB_STORAGE_OBJECTS.has(node.text)) return node.text;
  // `(session ? sessionStorage : localStorage).setItem(...)`
  if (ts.isConditionalExpression(node) && depth < 3) {
    const whenTrue = storageName(node.whenTrue, depth + 1);
    const whenFalse = storageName(node.whenFalse, depth + 1);
    return whenTrue && whenFalse ? (whenTrue === whenFalse ? whenTrue : `${whenTrue} or ${whenFalse}`) : undefined;
  }
  // an alias of the global: `const store = window.localStorage`; a parameter typed `Storage`
  if (ts.isIdentifier(node) && depth < 3) {
    const definition = singleDefinition(node);
    if (definition?.kind === 'parameter' && definition.steps.length === 0 && isStorageType(definition.node.type)) return WEB_STORAGE_TYPE;
    return definition?.kind === 'value' && definition.steps.length === 0 ? storageName(definition.expression, depth + 1) : undefined;
  }
  // `this.storage`: a class field set to a storage (`private storage = window.localStorage`) or typed `Storage`
  // (an injected `constructor(private storage: Storage)`)
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && depth < 3) return classMemberStorage(node, depth);
  if (ts.isPropertyAccessExpression(node) && WEB_STORAGE_OBJECTS.has(node.name.text)) {
    const object = stripWrappers(node.expression);
    if (ts.isIdentifier(object) && GLOBAL_OBJECTS.has(object.text)) return node.name.text;
  }
  return undefined;
}

function isStorageType(type: ts.TypeNode | undefined): boolean {
  return type !== undefined && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === WEB_STORAGE_TYPE;
}

function classMemberStorage(node: ts.PropertyAccessExpression, depth: number): string | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  if (!current) return undefined;
  const name = node.name.text;
  for (const member of current.members) {
    if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name) {
      if (isStorageType(member.type)) return WEB_STORAGE_TYPE;
      return member.initializer ? storageName(member.initializer, depth + 1) : undefined;
    }
    if (ts.isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && (ts.getModifiers(p)?.length ?? 0) > 0);
      if (parameter) return isStorageType(parameter.type) ? WEB_STORAGE_TYPE : undefined;
    }
  }
  return undefined;
}

function isDocumentCookie(expression: ts.Expression): boolean {
  const node = stripWrappers(expression);
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== 'cookie') return false;
  const object = stripWrappers(node.expression);
  if (ts.isIdentifier(object) && object.text === 'document') return true;
  return ts.isPropertyAccessExpression(object) && object.name.text === 'document' && ts.isIdentifier(object.expression) && GLOBAL_OBJECTS.has(object.expression.text);
}


const MAX_USE_DEPTH = 6;
const PLACEHOLDER = '\u0000';
/** `?name=` / `&name=` / `#name=` right before a value. */
const QUERY_PARAMETER_BEFORE = /[?&#]([A-Za-z0-9_.\-[\]]+)=$/;

/** A path's leading `default` step is dropped: ESM default imports and CommonJS requires reach the same entry. */
function withoutDefault(path: readonly string[]): string[] {
  return path[0] === 'default' ? path.slice(1) : [...path];
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}

/** Names a library-matched sink call can end with (from the models): calls ending otherwise are not resolved. */
function libraryCallNames(): Set<string> {
  const names = new Set<string>(INSTANCE_REQUEST_METHODS);
  const stack: unknown[] = [COOKIE_SETTERS.map((m) => m.match), QUERY_TOKEN_EXTRACTORS, REQUEST_CLIENTS, KEY_SOURCE_CALLS.filter((entry) => entry.keySet).map((entry) => entry.paths), PERSISTED_STORES.map((store) => store.path)];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (/^[A-Za-z_$][\w$]*$/.test(value)) names.add(value);
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value instanceof Set) stack.push(...value);
    else if (value && typeof value === 'object') stack.push(...Object.values(value));
  }
  return names;
}
const LIBRARY_CALL_NAMES = libraryCallNames();

/** The name a call ends with: `a.b.c()` → c, `f()` → f. */
function calleeLastName(callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/**
 * Could an identifier callee be a value made by a library (`const log = debug('x')`, an import)? Local
 * functions, parameters and globals are not; following imports of local modules is left to cases where
 * the name matched a model.
 */
function identifierMayHoldLibraryValue(callee: ts.Identifier): boolean {
  const declaration = findDeclaration(callee.text, callee);
  if (!declaration) return false;
  if (declaration.kind === 'variable') return true;
  return (declaration.kind === 'import' || declaration.kind === 'import-equals') && !declaration.specifier.startsWith('.');
}

/** Concatenations longer than this are analysed by their first operands only. */
const MAX_CONCATENATION_OPERANDS = 200;
/** Member chains longer than this are not request reads (no real code writes them). */
const MAX_CHAIN = 64;

/** The global console (not a local of that name), or a const alias of it (`const out = console`). */
function isConsole(expression: ts.Expression, depth = 0): boolean {
  const node = stripWrappers(expression);
  if (!ts.isIdentifier(node) || depth > 3) return false;
  const declaration = findDeclaration(node.text, node);
  if (!declaration) return node.text === CONSOLE_OBJECT;
  return declaration.kind === 'variable' && declaration.isConst && declaration.steps.length === 0 && declaration.node.initializer !== undefined && isConsole(declaration.node.initializer, depth + 1);
}

/** `const log = console.log` (also `.bind(console)`), `const { warn } = console`: the console method the name holds. */
function consoleMethodAlias(callee: ts.Identifier): string | undefined {
  const declaration = findDeclaration(callee.text, callee);
  if (declaration?.kind !== 'variable' || !declaration.isConst || !declaration.node.initializer) return undefined;
  let initializer = stripWrappers(declaration.node.initializer);
  if (declaration.steps.length === 1) {
    const step = String(declaration.steps[0]);
    return LOG_METHODS.has(step) && isConsole(initializer) ? step : undefined;
  }
  if (declaration.steps.length > 0) return undefined;
  // console.log.bind(console)
  if (ts.isCallExpression(initializer) && ts.isPropertyAccessExpression(initializer.expression) && initializer.expression.name.text === 'bind') initializer = stripWrappers(initializer.expression.expression);
  if (!ts.isPropertyAccessExpression(initializer) || !LOG_METHODS.has(initializer.name.text) || !isConsole(initializer.expression)) return undefined;
  return initializer.name.text;
}

/** Does the callee end with these member names (`this.$cookies.set`, `$cookies.set`)? */
function endsWithMembers(callee: ts.PropertyAccessExpression, members: readonly string[]): boolean {
  const chain = accessChain(callee);
  const names = ts.isIdentifier(chain.base) ? [chain.base.text, ...chain.names] : chain.names;
  return names.length >= members.length && members.every((member, i) => names[names.length - members.length + i] === member);
}

/** Is `node` part of a member chain longer than MAX_CHAIN (counted downwards from it)? */
function isOverlongChain(node: ts.Expression): boolean {
  let current = node;
  for (let i = 0; i < MAX_CHAIN; i += 1) {
    if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current)) return false;
    current = current.expression;
  }
  return true;
}

export class SinkExtractor {
  /** Files whose template, `new` and query-read sinks were already produced (see `sinksInFile`). */
  private readonly filesDone = new WeakSet<ts.SourceFile>();

  /** Summaries of project functions over the sinks inside them (which parameter reaches which sink's value). */
  private readonly summaries: FunctionSummaries<TokenSink>;
  private readonly wrapperCache = new WeakMap<ts.Node, TokenSink[]>();

  constructor(private readonly resolver: ValueResolver) {
    this.summaries = new FunctionSummaries(resolver, (call) =>
      // the call's own sinks only: file-level sinks of the helper's module are produced when that module is scanned
      ts.isCallExpression(call) ? this.callSinks(call).flatMap((sink) => sink.values.map((expression) => ({ role: 'value', expression, fact: sink }))) : [],
      resolver.project,
    );
  }

  /**
   * Sinks reached through a project function of another module: a call whose summary maps an argument to the
   * value of a sink inside (a storage, log or request helper) is that sink at this call. Calls of a function in
   * the same file are left to the inner sink, whose parameters are followed to their callers there.
   */
  wrapperSinksAt(call: ts.CallExpression): TokenSink[] {
    const cached = this.wrapperCache.get(call);
    if (cached) return cached;
    const found: TokenSink[] = [];
    const fn = this.summaries.functionAt(call);
    if (fn && fn.getSourceFile() !== call.getSourceFile() && this.callSinks(call).length === 0) {
      const values = new Map<TokenSink, ts.Expression[]>();
      const through = new Map<TokenSink, readonly (ts.CallExpression | ts.NewExpression)[]>();
      call.arguments.forEach((argument, index) => {
        if (ts.isSpreadElement(argument) || call.arguments.slice(0, index).some((a) => ts.isSpreadElement(a))) return;
        for (const flow of this.summaries.flows(fn)) {
          if (flow.parameter !== index) continue;
          const list = values.get(flow.fact) ?? [];
          if (!list.includes(argument)) list.push(argument);
          values.set(flow.fact, list);
          if (!through.has(flow.fact)) through.set(flow.fact, flow.through);
        }
      });
      // `api` stays the inner sink's: messages name where the value ends up (localStorage, console.log)
      for (const [inner, expressions] of values) found.push({ ...inner, node: call, values: expressions, key: undefined, binding: undefined, via: inner, through: through.get(inner) });
    }
    this.wrapperCache.set(call, found);
    return found;
  }

  private stringOf(expression: ts.Expression): string | undefined {
    const value = this.resolver.resolve(expression);
    return value.kind === 'string' ? value.value : undefined;
  }

  /**
   * Sinks that are not calls or assignments (URL templates, `new URLSearchParams(...)`, query-string reads), once
   * per file: the engine asks for them explicitly before its fact walk (a second call returns nothing).
   */
  sinksInFile(sourceFile: ts.SourceFile): TokenSink[] {
    if (this.filesDone.has(sourceFile)) return [];
    this.filesDone.add(sourceFile);
    const sinks: TokenSink[] = [];
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isTemplateExpression(node)) sinks.push(...this.urlTemplateSinks(node));
      else if (ts.isNewExpression(node)) sinks.push(...this.searchParamsConstructionSinks(node));
      else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) sinks.push(...this.queryReadSinks(node));
      else if (ts.isVariableDeclaration(node)) sinks.push(...this.queryDestructuringSinks(node));
      else if (ts.isParameter(node)) sinks.push(...this.queryDecoratorSinks(node));
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return sinks;
  }

  sinksAtCall(node: ts.CallExpression): TokenSink[] {
    return this.callSinks(node);
  }

  private callSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    const args = node.arguments.filter((a) => !ts.isSpreadElement(a));
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const storage = storageName(callee.expression);
      if (storage && method === WEB_STORAGE_WRITE_METHOD && args.length >= 2) {
        return [{ kind: 'web-storage', node, api: `${storage}.setItem`, values: [args[1]], key: this.stringOf(args[0]) }];
      }
      if ((LOG_METHODS.has(method) || LOGGER_CHILD_METHODS.has(method)) && args.length > 0 && this.isLogger(callee.expression)) {
        return [{ kind: 'log', node, api: `${loggerLabel(callee.expression)}.${method}`, values: args }];
      }
    } else if (args.length > 0 && ts.isIdentifier(callee) && consoleMethodAlias(callee)) {
      return [{ kind: 'log', node, api: `${CONSOLE_OBJECT}.${consoleMethodAlias(callee)}`, values: args }];
    } else if (args.length > 0 && ts.isIdentifier(callee) && identifierMayHoldLibraryValue(callee)) {
      const value = this.resolver.resolve(callee);
      if (value.kind === 'library' && CALLABLE_LOGGER_PACKAGES.has(value.module) && value.path[value.path.length - 1] === '()') {
        return [{ kind: 'log', node, api: `${callee.text}()`, values: args }];
      }
    }
    const lastName = calleeLastName(callee);
    const mayBeLibraryCall = lastName !== undefined && (LIBRARY_CALL_NAMES.has(lastName) || (ts.isIdentifier(callee) && identifierMayHoldLibraryValue(callee)));
    return [
      ...this.cookieSetterSinks(node, mayBeLibraryCall),
      ...this.setCookieHeaderSinks(node),
      ...this.searchParamsAddSinks(node),
      ...this.queryMethodSinks(node),
      ...(mayBeLibraryCall ? this.queryExtractorSinks(node) : []),
      ...this.requestSinks(node, mayBeLibraryCall),
      ...(mayBeLibraryCall ? this.keyFetchSinks(node) : []),
      ...(mayBeLibraryCall ? persistedStoreSinks(node, this.resolver) : []),
    ];
  }

  sinksAtAssignment(node: ts.BinaryExpression): TokenSink[] {
    return this.assignmentSinks(node);
  }

  private assignmentSinks(node: ts.BinaryExpression): TokenSink[] {
    if (node.operatorToken.kind === ts.SyntaxKind.PlusToken) return this.urlConcatenationSinks(node);
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
    const target = stripWrappers(node.left);
    if (isDocumentCookie(target)) return [{ kind: 'script-cookie', node, api: 'document.cookie', values: [node.right], key: this.stringOf(node.right) }];
    // localStorage.token = t; localStorage['token'] = t
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const storage = storageName(target.expression);
      if (storage) {
        const key = ts.isPropertyAccessExpression(target) ? target.name.text : this.stringOf(target.argumentExpression);
        return [{ kind: 'web-storage', node, api: storage, values: [node.right], key }];
      }
      return this.defaultHeaderSinks(node, target);
    }
    return [];
  }

  private isLogger(receiver: ts.Expression): boolean {
    const node = stripWrappers(receiver);
    if (isConsole(node)) return true;
    const value = this.resolver.resolve(node);
    if (value.kind === 'library') {
      if (LOGGER_PACKAGES.has(value.module)) return true;
      const classes = LOGGER_CLASSES.get(value.module);
      if (classes && value.path.some((step) => classes.has(step))) return true;
      return false;
    }
    // Injected or framework-provided loggers: `this.logger`, `req.log`, `logger`
    if (value.kind === 'unknown' || value.kind === 'parameter') {
      const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
      return name !== undefined && LOGGER_NAMES.has(name);
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Cookies
  // ------------------------------------------------------------------------------------------------------------

  private matchCookieSetter(node: ts.CallExpression, mayBeLibraryCall: boolean): CookieSetterModel | undefined {
    const callee = stripWrappers(node.expression);
    let resolved: Value | undefined;
    for (const model of COOKIE_SETTERS) {
      const match = model.match;
      if (match.kind === 'library' && !mayBeLibraryCall) continue;
      if (match.kind === 'members') {
        if (ts.isPropertyAccessExpression(callee) && endsWithMembers(callee, match.members)) return model;
      } else if (match.kind === 'method') {
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== match.method) continue;
        const chain = accessChain(callee.expression, { throughCalls: true });
        if (!samePath(chain.names, match.receiverMembers)) continue;
        if (this.isNamedReceiver(chain.base, match.receiverNames, match.receiverTypes)) return model;
      } else {
        resolved ??= this.resolver.resolve(callee);
        if (resolved.kind !== 'library' || !match.modules.includes(resolved.module)) continue;
        const path = withoutDefault(resolved.path);
        if (path.length < match.prefix.length + match.suffix.length) continue;
        const prefixOk = match.prefix.every((step, i) => step === '*' || step === path[i]);
        const suffixOk = match.suffix.every((step, i) => step === path[path.length - match.suffix.length + i]);
        const exact = !match.prefix.includes('*') ? path.length === match.prefix.length + match.suffix.length : true;
        if (prefixOk && suffixOk && exact) return model;
      }
    }
    return undefined;
  }

  /** A receiver that is a framework object by its conventional parameter name or its declared type. */
  private isNamedReceiver(base: ts.Expression, names: ReadonlySet<string>, types: ReadonlySet<string>): boolean {
    if (!ts.isIdentifier(base)) return false;
    const declaration = findDeclaration(base.text, base);
    if (declaration?.kind === 'parameter' && declaration.steps.length === 0) {
      const type = declaration.node.type;
      if (type && ts.isTypeReferenceNode(type)) {
        const typeName = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
        return types.has(typeName);
      }
      return names.has(base.text);
    }
    return false;
  }

  private cookieSetterSinks(node: ts.CallExpression, mayBeLibraryCall: boolean): TokenSink[] {
    const model = this.matchCookieSetter(node, mayBeLibraryCall);
    if (!model) return [];
    const args = node.arguments;
    if (args.slice(0, model.valueArg + 1).some((a) => ts.isSpreadElement(a))) return [];
    const first = args[model.nameArg];
    // Next.js: cookies().set({ name, value, httpOnly, ... })
    if (model.objectForm && first && args.length === 1) {
      const object = this.resolver.resolve(first);
      if (object.kind !== 'object') return [];
      const nameValue = object.props.get('name')?.value;
      const valueNode = object.props.get('value')?.node;
      const value = valueNode ? propertyValueExpression(valueNode) : undefined;
      return [{
        kind: 'http-cookie',
        node,
        api: model.api,
        values: value ? [value] : [],
        key: nameValue?.kind === 'string' ? nameValue.value : undefined,
        cookie: { ...this.cookieFactsFromOptions(model, first, object), writableAt: objectLiteralAt(first) },
      }];
    }
    const value = args[model.valueArg];
    if (!first || !value) return [];
    const side = this.cookieSide(model, node);
    if (side === undefined) return [];
    if (side === 'script') return [{ kind: 'script-cookie', node, api: model.api, values: [value], key: this.stringOf(first) }];
    const options = args[model.optionsArg];
    return [{
      kind: 'http-cookie',
      node,
      api: model.api,
      values: [value],
      key: this.stringOf(first),
      cookie: {
        ...this.cookieFactsFromOptions(model, options, options ? this.resolver.resolve(options) : undefined),
        writableAt: options ? objectLiteralAt(options) : args.length === model.optionsArg ? { after: args[args.length - 1] } : undefined,
      },
    }];
  }

  /** Does this call write a Set-Cookie header ('server') or document.cookie ('script')? Undefined when it cannot be told. */
  private cookieSide(model: CookieSetterModel, node: ts.CallExpression): 'server' | 'script' | undefined {
    const runsIn = model.runsIn ?? 'server';
    if (typeof runsIn === 'string') return runsIn;
    const { arg, properties } = runsIn.serverWhen;
    const argument = node.arguments[arg];
    if (!argument || ts.isSpreadElement(argument)) return 'script';
    const value = this.resolver.resolve(argument);
    if (value.kind === 'null' || value.kind === 'undefined') return 'script';
    if (value.kind === 'object') {
      const names = [...value.props.keys()];
      if (properties) {
        if (names.some((name) => properties.includes(name))) return 'server';
        return value.open ? undefined : 'script';
      }
      if (names.length === 0 && !value.open) return 'script';
      return 'server';
    }
    // a context passed along (`setCookie(ctx, ...)`): the server's; an options value that cannot be seen: unknown
    return properties ? undefined : 'server';
  }

  private cookieFactsFromOptions(model: CookieSetterModel, optionsNode: ts.Expression | undefined, options: Value | undefined): CookieFacts {
    const attribute = (name: string, fallback: CookieDefault): CookieAttributeFact => {
      if (!optionsNode || !options || options.kind === 'undefined') return { state: 'default', value: fallback };
      if (options.kind !== 'object') return { state: 'unknown', node: optionsNode };
      const property = options.props.get(name);
      if (!property) return options.open ? { state: 'unknown', node: optionsNode } : { state: 'default', value: fallback };
      const value = property.value;
      if (value.kind === 'boolean' || value.kind === 'string') return { state: 'set', value: value.value, node: property.node };
      if (value.kind === 'undefined') return { state: 'default', value: fallback };
      return { state: 'unknown', node: property.node };
    };
    return {
      framework: model.id,
      docs: model.docs,
      httpOnly: attribute(COOKIE_OPTION_NAMES.httpOnly, model.defaults.httpOnly),
      secure: attribute(COOKIE_OPTION_NAMES.secure, model.defaults.secure),
      sameSite: attribute(COOKIE_OPTION_NAMES.sameSite, false),
      optionNames: COOKIE_OPTION_NAMES,
    };
  }

  /** `res.setHeader('Set-Cookie', 'token=...; HttpOnly')`, `headers.append('set-cookie', ...)`, `res.writeHead(200, { 'Set-Cookie': ... })`. */
  private setCookieHeaderSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return [];
    const method = callee.name.text;
    const args = node.arguments;
    let headerValue: ts.Expression | undefined;
    if (HEADER_SET_METHODS.has(method) && args.length >= 2 && this.stringOf(args[0])?.toLowerCase() === SET_COOKIE_HEADER) {
      headerValue = args[1];
    } else if (method === WRITE_HEAD_METHOD) {
      for (const argument of args) {
        const object = stripWrappers(argument);
        if (!ts.isObjectLiteralExpression(object)) continue;
        for (const property of object.properties) {
          if (ts.isPropertyAssignment(property) && (ts.isStringLiteral(property.name) || ts.isIdentifier(property.name)) && property.name.text.toLowerCase() === SET_COOKIE_HEADER) {
            headerValue = property.initializer;
          }
        }
      }
    }
    if (!headerValue) return [];
    const label = `${loggerLabel(callee.expression)}.${method}('Set-Cookie')`;
    const strings = this.headerStrings(headerValue);
    return strings.flatMap((text) => {
      const parsed = parseSetCookie(text);
      return parsed ? [{ kind: 'http-cookie' as const, node, api: label, values: parsed.values, key: parsed.name, cookie: parsed.facts }] : [];
    });
  }

  /** The Set-Cookie strings of a header value: a string, a template, or an array of them. */
  private headerStrings(expression: ts.Expression): CookieText[] {
    const node = stripWrappers(expression);
    if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : this.headerStrings(element)));
    const parts = this.textParts(node);
    return parts ? [{ parts, node }] : [];
  }

  /** Literal text and value expressions of a string built by a template or concatenation; undefined when it is not one. */
  private textParts(expression: ts.Expression, depth = 0): TextPart[] | undefined {
    const node = stripWrappers(expression);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text }];
    if (ts.isTemplateExpression(node)) {
      const parts: TextPart[] = [{ text: node.head.text }];
      for (const span of node.templateSpans) {
        const resolved = this.resolver.resolve(span.expression);
        parts.push(resolved.kind === 'string' ? { text: resolved.value } : { expression: span.expression });
        parts.push({ text: span.literal.text });
      }
      return parts;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken && depth < 20) {
      const left = this.textParts(node.left, depth + 1) ?? [{ expression: node.left }];
      const right = this.textParts(node.right, depth + 1) ?? [{ expression: node.right }];
      return [...left, ...right];
    }
    const resolved = this.resolver.resolve(node);
    if (resolved.kind === 'string') return [{ text: resolved.value }];
    return undefined;
  }

  // ------------------------------------------------------------------------------------------------------------
  // URLs
  // ------------------------------------------------------------------------------------------------------------

  private urlLabel(node: ts.Node, fallback: string): string {
    let current = node.parent;
    while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current))) current = current.parent;
    if (current && ts.isCallExpression(current) && current.arguments.some((a) => stripWrappers(a) === node || a === node)) {
      const callee = stripWrappers(current.expression);
      if (ts.isPropertyAccessExpression(callee) && REDIRECT_METHODS.has(callee.name.text)) return `${loggerLabel(callee.expression)}.${callee.name.text}`;
    }
    return fallback;
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
      else if (ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'URL' && parent.arguments?.[0] === node) node = parent;
      else if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'String' && parent.arguments[0] === node) node = parent;
      else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === 'toString' && ts.isCallExpression(parent.parent)) node = parent.parent;
      // a URL object's whole text
      else if (ts.isPropertyAccessExpression(parent) && parent.expression === node && parent.name.text === URL_HREF_MEMBER) node = parent;
      else break;
    }
    const parent = node.parent;
    if (ts.isCallExpression(parent) && parent.expression !== node) {
      const index = parent.arguments.indexOf(node as ts.Expression);
      const matched = this.matchClient(parent, true);
      return matched && matched.model.urlArg === index ? matched.api : undefined;
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

  /** `${base}?token=${t}`, `/cb#access_token=${t}`. */
  private urlTemplateSinks(node: ts.TemplateExpression): TokenSink[] {
    // Cheap, before any value resolution: a value lands in a query parameter or fragment only after text ending
    // in '=' or '#', or right after another substitution (which may be a constant such as '?token=').
    if (!node.templateSpans.some((_, i) => mayPrecedeUrlValue(i === 0 ? node.head.text : node.templateSpans[i - 1].literal.text, i))) return [];
    const parts = this.textParts(node);
    return parts ? this.urlSinksFromParts(node, parts, 'URL template') : [];
  }

  /** `base + '?token=' + t`: reported at the `+` whose right operand is the value. */
  /**
   * `base + '?token=' + t`: analysed once, at the outermost `+` of a concatenation, over its operands in
   * order (iteratively: concatenations can be thousands of operands long).
   */
  private urlConcatenationSinks(node: ts.BinaryExpression): TokenSink[] {
    const parent = node.parent;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken && parent.left === node) return [];
    const operands: ts.Expression[] = [];
    let current: ts.Expression = node;
    while (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.PlusToken && operands.length < MAX_CONCATENATION_OPERANDS) {
      operands.push(current.right);
      current = stripWrappers(current.left);
    }
    operands.push(current);
    operands.reverse();
    const sinks: TokenSink[] = [];
    let before = '';
    for (const operand of operands) {
      const inner = stripWrappers(operand);
      if (!ts.isStringLiteralLike(inner) && !ts.isTemplateExpression(inner) && before !== '') {
        const place = urlPlace(before);
        if (place) sinks.push({ kind: 'url', node, api: this.urlLabel(node, 'URL concatenation'), values: [operand], key: place.name, urlPart: place.part, ...this.requestUrlFact(node, place.name) });
      }
      const parts = this.textParts(operand, 20);
      before += parts ? partsText(parts) : PLACEHOLDER;
    }
    return sinks;
  }

  private urlSinksFromParts(node: ts.Node, parts: TextPart[], api: string): TokenSink[] {
    const sinks: TokenSink[] = [];
    let before = '';
    for (const part of parts) {
      if (part.expression) {
        const place = urlPlace(before);
        if (place) sinks.push({ kind: 'url', node, api: this.urlLabel(node, api), values: [part.expression], key: place.name, urlPart: place.part, ...this.requestUrlFact(node, place.name) });
        before += PLACEHOLDER;
      } else {
        before += part.text;
      }
    }
    return sinks;
  }

  /** `new URLSearchParams({ token })` whose string ends up in a URL (not a form body). */
  private searchParamsConstructionSinks(node: ts.NewExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isIdentifier(callee) || callee.text !== QUERY_STRING_CLASS || findDeclaration(callee.text, callee)) return [];
    const init = node.arguments?.[0];
    if (!init) return [];
    const entries: { name?: string; value: ts.Expression }[] = [];
    const object = stripWrappers(init);
    if (ts.isObjectLiteralExpression(object)) {
      for (const property of object.properties) {
        if (ts.isPropertyAssignment(property)) entries.push({ name: propertyNameOf(property.name), value: property.initializer });
        else if (ts.isShorthandPropertyAssignment(property)) entries.push({ name: property.name.text, value: property.name });
      }
    } else if (ts.isArrayLiteralExpression(object)) {
      for (const element of object.elements) {
        const pair = stripWrappers(element);
        if (ts.isArrayLiteralExpression(pair) && pair.elements.length === 2 && !ts.isSpreadElement(pair.elements[1])) {
          entries.push({ name: this.stringOf(pair.elements[0]), value: pair.elements[1] });
        }
      }
    }
    if (entries.length === 0 || !this.endsUpInUrl(node, 0)) return [];
    return entries.map((entry) => ({ kind: 'url' as const, node, api: QUERY_STRING_CLASS, values: [entry.value], key: entry.name, urlPart: 'query' as const }));
  }

  /** `url.searchParams.set('token', t)`, `params.append('token', t)` on a URLSearchParams that ends up in a URL. */
  private searchParamsAddSinks(node: ts.CallExpression): TokenSink[] {
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
    const key = this.stringOf(name);
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
    if (!ts.isNewExpression(initializer) || !ts.isIdentifier(initializer.expression) || initializer.expression.text !== 'URL') return {};
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
      const left = this.textParts(parent.left);
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

  // ------------------------------------------------------------------------------------------------------------
  // Tokens accepted from the query string
  // ------------------------------------------------------------------------------------------------------------

  /** Is this expression an incoming request (a handler's request parameter, `ctx.request`, hono `c.req`, a loader's `request`)? */
  private isRequest(expression: ts.Expression): boolean {
    return requestPartOf(expression) === 'request';
  }

  /** `req.query.token`, `ctx.request.query['access_token']`, `event.queryStringParameters.token`. */
  private queryReadSinks(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): TokenSink[] {
    // Cheap first: the receiver must itself be a query member (`<x>.query.token`, `<x>['query'].token`).
    const receiverNode = stripWrappers(node.expression);
    const receiverName = ts.isPropertyAccessExpression(receiverNode)
      ? receiverNode.name.text
      : ts.isElementAccessExpression(receiverNode) && ts.isStringLiteralLike(receiverNode.argumentExpression)
        ? receiverNode.argumentExpression.text
        : undefined;
    if (receiverName === undefined || !REQUEST_QUERY_MEMBERS.has(receiverName)) return [];
    if (isOverlongChain(node)) return [];
    const chain = accessChain(node);
    if (chain.names.length < 2 || !REQUEST_QUERY_MEMBERS.has(chain.names[chain.names.length - 2])) return [];
    const field = chain.names[chain.names.length - 1];
    const receiver = stripWrappers(node.expression);
    if (!this.isRequest(stripWrappers((receiver as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression))) return [];
    return [this.querySink(node, field, `${chain.names.slice(-2, -1)[0]}.${field}`)];
  }

  /** `const { token } = req.query`. */
  private queryDestructuringSinks(node: ts.VariableDeclaration): TokenSink[] {
    if (!ts.isObjectBindingPattern(node.name) || !node.initializer) return [];
    const initializer = stripWrappers(node.initializer);
    if (!ts.isPropertyAccessExpression(initializer) || !REQUEST_QUERY_MEMBERS.has(initializer.name.text) || !this.isRequest(initializer.expression)) return [];
    const sinks: TokenSink[] = [];
    for (const element of node.name.elements) {
      const property = element.propertyName ?? element.name;
      const field = ts.isIdentifier(property) || ts.isStringLiteral(property) ? property.text : undefined;
      if (field) sinks.push({ ...this.querySink(element, field, `${initializer.name.text}.${field}`), binding: node });
    }
    return sinks;
  }

  /** NestJS `@Query('access_token') token: string`: the parameter is read from the query string. */
  private queryDecoratorSinks(node: ts.ParameterDeclaration): TokenSink[] {
    const decorator = requestDecoratorOf(node);
    const member = decorator && REQUEST_PARAMETER_DECORATORS.get(decorator.name);
    if (member === undefined || !REQUEST_QUERY_MEMBERS.has(member) || decorator?.argument === undefined) return [];
    return [this.querySink(node, decorator.argument, `@${decorator.name}('${decorator.argument}')`)];
  }

  /** hono `c.req.query('token')`; Next.js `req.nextUrl.searchParams.get('token')`, `new URL(req.url).searchParams.get('token')`. */
  private queryMethodSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    const first = node.arguments[0];
    if (!ts.isPropertyAccessExpression(callee) || !first) return [];
    const receiver = stripWrappers(callee.expression);
    const method = callee.name.text;
    if (!REQUEST_QUERY_METHODS.has(method) && method !== 'get') return [];
    const field = this.stringOf(first);
    if (field === undefined) return [];
    if (REQUEST_QUERY_METHODS.has(method) && this.isRequest(receiver)) return [this.querySink(node, field, `${method}('${field}')`)];
    if (method === 'get' && ts.isPropertyAccessExpression(receiver) && receiver.name.text === URL_SEARCH_PARAMS_MEMBER && requestPartOf(receiver.expression) === 'url') {
      return [this.querySink(node, field, `searchParams.get('${field}')`)];
    }
    return [];
  }

  private querySink(node: ts.Node, field: string, api: string): TokenSink {
    let binding: ts.VariableDeclaration | undefined;
    let current: ts.Node = node;
    const isDefaulting = (parent: ts.Node): boolean =>
      ts.isBinaryExpression(parent) && parent.left === current && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    // `const t = url.searchParams.get('token') ?? ''`: the default does not change where the value comes from
    while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || isDefaulting(current.parent)) current = current.parent;
    if (ts.isVariableDeclaration(current.parent) && current.parent.initializer === current) binding = current.parent;
    return { kind: 'request-param', node, api, values: ts.isExpression(node) ? [node] : [], key: field, acceptedBy: 'read', binding };
  }

  /** passport-jwt `ExtractJwt.fromUrlQueryParameter('token')`. */
  private queryExtractorSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    for (const model of QUERY_TOKEN_EXTRACTORS) {
      if (value.module !== model.module || !samePath(path, model.path)) continue;
      const name = node.arguments[model.nameArg];
      return [{ kind: 'request-param', node, api: model.api, values: [], key: name ? this.stringOf(name) : undefined, acceptedBy: 'library' }];
    }
    return [];
  }

  // ------------------------------------------------------------------------------------------------------------
  // Outgoing requests
  // ------------------------------------------------------------------------------------------------------------

  private matchClient(node: ts.CallExpression, mayBeLibraryCall: boolean): { model: RequestClientModel; api: string; factorySite?: ts.CallExpression | ts.NewExpression; factoryModel?: RequestClientModel } | undefined {
    const callee = stripWrappers(node.expression);
    // global fetch / window.fetch
    const globalName = ts.isIdentifier(callee) && !findDeclaration(callee.text, callee) ? callee.text
      : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && GLOBAL_OBJECTS.has(callee.expression.text) ? callee.name.text
      : undefined;
    if (globalName !== undefined) {
      const model = REQUEST_CLIENTS.find((client) => client.global === globalName);
      if (model) return { model, api: model.api };
    }
    if (!mayBeLibraryCall || (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee))) return undefined;
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return undefined;
    const path = withoutDefault(value.path);
    for (const model of REQUEST_CLIENTS) {
      if (!model.modules.includes(value.module)) continue;
      if (model.paths.some((candidate) => samePath(candidate, path))) return { model, api: path.length === 1 && model.paths.length > 1 ? `${model.id}.${path[0]}` : model.api };
    }
    // instance made by a factory: axios.create(...).get(...), api(...)
    const factoryIndex = path.indexOf('()');
    if (factoryIndex < 0) return undefined;
    const factoryPath = path.slice(0, factoryIndex);
    const rest = path.slice(factoryIndex + 1);
    const factoryModel = REQUEST_CLIENTS.find((client) => client.factory && client.modules.includes(value.module) && client.paths.some((p) => samePath(p, factoryPath)));
    if (!factoryModel) return undefined;
    const method = rest.length === 0 ? '()' : rest.length === 1 ? rest[0] : undefined;
    if (method === undefined || !INSTANCE_REQUEST_METHODS.has(method)) return undefined;
    const model = REQUEST_CLIENTS.find((client) => client.modules.includes(value.module) && !client.factory && client.paths.some((p) => samePath(p, method === '()' ? [] : [method])));
    if (!model) return undefined;
    const label = ts.isPropertyAccessExpression(callee) ? `${loggerLabel(callee.expression)}.${callee.name.text}` : callee.text;
    return { model, api: label, factorySite: value.sites[value.sites.length - 1], factoryModel };
  }

  private requestSinks(node: ts.CallExpression, mayBeLibraryCall: boolean): TokenSink[] {
    const matched = this.matchClient(node, mayBeLibraryCall);
    if (!matched) return [];
    const { model } = matched;
    const args = node.arguments;
    if (args.some((a) => ts.isSpreadElement(a))) return [];
    let urlNode: ts.Expression | undefined;
    let config: ts.Expression | undefined;
    const first = model.urlArg !== undefined ? args[model.urlArg] : undefined;
    if (first && model.configFirstWhenObject && this.resolver.resolve(first).kind === 'object') {
      config = first;
    } else {
      urlNode = first;
      config = model.configArg !== undefined ? args[model.configArg] : undefined;
    }
    const configValue = config ? this.resolver.resolve(config) : undefined;
    const headers = this.credentialHeaders(configValue);
    if (headers.length === 0) return [];
    if (!urlNode && model.urlField && configValue?.kind === 'object') {
      const field = configValue.props.get(model.urlField);
      if (field) urlNode = propertyValueExpression(field.node);
    }
    const factoryConfig = matched.factorySite && ts.isCallExpression(matched.factorySite) ? matched.factorySite.arguments[0] : undefined;
    const baseFields = matched.factoryModel?.baseUrlFields ?? model.baseUrlFields;
    const base = this.baseUrlOf(configValue, baseFields) ?? (factoryConfig ? this.baseUrlOf(this.resolver.resolve(factoryConfig), baseFields) : undefined);
    let target: RequestTargetFact | undefined;
    if (model.factory) {
      target = base;
    } else if (urlNode) {
      const url = this.urlPrefix(urlNode);
      if (url && /^[a-z][a-z0-9+.-]*:\/\//i.test(url.text)) target = url;
      else if (url && base && !/^[a-z][a-z0-9+.-]*:/i.test(url.text)) {
        // a path relative to the instance's / config's base URL
        target = base.complete ? { text: joinUrl(base.text, url.text), complete: url.complete, node: url.node } : base;
      }
    } else if (model.scheme && configValue?.kind === 'object') {
      for (const field of model.hostFields ?? []) {
        const host = configValue.props.get(field);
        if (host?.value.kind === 'string') {
          target = { text: `${model.scheme}://${host.value.value}/`, complete: false, node: host.node };
          break;
        }
      }
    }
    if (model.scheme && target && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target.text)) target = undefined;
    return headers.map((header) => ({ kind: 'http-request' as const, node, api: matched.api, values: [header.value], key: header.name, target }));
  }

  /** A JWKS fetched from a URL (KEY_SOURCE_CALLS with `keySet`): jwks-rsa `expressJwtSecret({ jwksUri })`, jose `createRemoteJWKSet(url)`. */
  private keyFetchSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) return [];
    const value = this.resolver.resolve(callee);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    const source = KEY_SOURCE_CALLS.find((entry) => entry.keySet && entry.modules?.includes(value.module) && entry.paths?.some((candidate) => samePath(candidate, path)));
    if (!source) return [];
    const argument = node.arguments[source.arg];
    if (!argument || ts.isSpreadElement(argument)) return [];
    let url: ts.Expression | undefined = argument;
    for (const step of source.path ?? []) {
      const object = this.resolver.resolve(url);
      const property = object.kind === 'object' ? object.props.get(step) : undefined;
      url = property ? propertyValueExpression(property.node) : undefined;
      if (!url) return [];
    }
    const target = this.urlPrefix(url);
    return target ? [{ kind: 'key-fetch', node, api: [...path].join('.') || value.module, values: [], target }] : [];
  }

  /** `api.defaults.headers.common.Authorization = ...` on an instance made by a factory (axios.create). */
  private defaultHeaderSinks(node: ts.BinaryExpression, target: ts.PropertyAccessExpression | ts.ElementAccessExpression): TokenSink[] {
    const chain = accessChain(target);
    const header = chain.names[chain.names.length - 1];
    if (!header || !TOKEN_HEADER_NAMES.has(header.toLowerCase())) return [];
    const defaultsIndex = chain.names.findIndex((_, i) => samePath(chain.names.slice(i, i + DEFAULT_HEADERS_PATH.length), DEFAULT_HEADERS_PATH));
    if (defaultsIndex < 0) return [];
    const receiverNames = chain.names.slice(0, defaultsIndex);
    if (receiverNames.length > 0) return [];
    const value = this.resolver.resolve(chain.base);
    if (value.kind !== 'library') return [];
    const path = withoutDefault(value.path);
    const factoryModel = REQUEST_CLIENTS.find((client) => client.factory && client.modules.includes(value.module) && client.paths.some((p) => samePath([...p, '()'], path)));
    const site = value.sites[value.sites.length - 1];
    if (!factoryModel || !site || !ts.isCallExpression(site) || !site.arguments[0]) return [];
    const base = this.baseUrlOf(this.resolver.resolve(site.arguments[0]), factoryModel.baseUrlFields);
    return [{ kind: 'http-request', node, api: `${factoryModel.api}().defaults.headers`, values: [node.right], key: header, target: base }];
  }

  /** Credential headers (Authorization and friends) of a request config: `{ headers: { Authorization: ... } }` or `new Headers({...})`. */
  private credentialHeaders(config: Value | undefined): { name: string; value: ts.Expression }[] {
    if (!config || config.kind !== 'object') return [];
    const headersProperty = config.props.get(REQUEST_HEADERS_FIELD);
    if (!headersProperty) return [];
    let headers = headersProperty.value;
    const headersExpression = propertyValueExpression(headersProperty.node);
    if (headers.kind === 'unknown' && headersExpression) {
      const stripped = stripWrappers(headersExpression);
      if (ts.isNewExpression(stripped) && ts.isIdentifier(stripped.expression) && stripped.expression.text === HEADERS_CLASS && stripped.arguments?.[0]) {
        headers = this.resolver.resolve(stripped.arguments[0]);
      }
    }
    if (headers.kind !== 'object') return [];
    const found: { name: string; value: ts.Expression }[] = [];
    for (const [name, property] of headers.props) {
      if (!TOKEN_HEADER_NAMES.has(name.toLowerCase())) continue;
      const value = propertyValueExpression(property.node);
      if (value) found.push({ name, value });
    }
    return found;
  }

  private baseUrlOf(config: Value | undefined, fields: readonly string[]): RequestTargetFact | undefined {
    if (!config || config.kind !== 'object') return undefined;
    for (const field of fields) {
      const property = config.props.get(field);
      const expression = property && propertyValueExpression(property.node);
      if (expression) return this.urlPrefix(expression);
    }
    return undefined;
  }

  /** The known prefix of a URL expression: a constant, or a template / concatenation up to its first unknown part. */
  private urlPrefix(expression: ts.Expression): RequestTargetFact | undefined {
    const resolved = this.resolver.resolve(expression);
    if (resolved.kind === 'string') return { text: resolved.value, complete: true, node: expression };
    const node = stripWrappers(expression);
    // new URL('/path', BASE)
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments?.[0]) {
      const path = this.urlPrefix(node.arguments[0]);
      const baseArgument = node.arguments[1];
      if (path && /^[a-z][a-z0-9+.-]*:\/\//i.test(path.text)) return path;
      const base = baseArgument ? this.urlPrefix(baseArgument) : undefined;
      if (path && base?.complete) return { text: joinUrl(base.text, path.text), complete: path.complete, node: expression };
      return base ? { ...base, complete: false } : undefined;
    }
    if (resolved.kind === 'fallback' && resolved.fallback.kind === 'string') return undefined;
    const parts = this.textParts(node);
    if (!parts || parts.length === 0 || parts[0].expression) return undefined;
    let text = '';
    for (const part of parts) {
      if (part.expression) return { text, complete: false, node: expression };
      text += part.text;
    }
    return { text, complete: true, node: expression };
  }
}

interface TextPart {
  text?: string;
  expression?: ts.Expression;
}

interface CookieText {
  parts: TextPart[];
  node: ts.Node;
}

function partsText(parts: TextPart[]): string {
  return parts.map((part) => (part.expression ? PLACEHOLDER : part.text ?? '')).join('');
}

/** Where a value placed right after `before` lands in a URL, if it does. */
/** Can the text before the substitution at `index` of a template end a URL up to a parameter value? */
function mayPrecedeUrlValue(before: string, index: number): boolean {
  if (before === '') return index > 0;
  return before.endsWith('=') || before.endsWith('#');
}

function urlPlace(before: string): { name?: string; part: 'query' | 'fragment' } | undefined {
  const match = QUERY_PARAMETER_BEFORE.exec(before);
  const fragment = before.includes('#');
  if (match) {
    if (!fragment && !before.includes('?')) return undefined;
    return { name: match[1], part: fragment ? 'fragment' : 'query' };
  }
  if (before.endsWith('#')) return { part: 'fragment' };
  return undefined;
}

/** Parses `name=value; HttpOnly; Secure; SameSite=Lax` built from literal text and value expressions. */
function parseSetCookie(cookie: CookieText): { name?: string; values: ts.Expression[]; facts: CookieFacts } | undefined {
  const text = partsText(cookie.parts);
  const equals = text.indexOf('=');
  if (equals <= 0) return undefined;
  const name = text.slice(0, equals).trim();
  if (name.includes(PLACEHOLDER) || /[\s;,]/.test(name)) return undefined;
  const semicolon = text.indexOf(';', equals);
  const valueEnd = semicolon < 0 ? text.length : semicolon;
  const values: ts.Expression[] = [];
  let attributesUnknown = false;
  let offset = 0;
  for (const part of cookie.parts) {
    if (part.expression) {
      if (offset > equals && offset < valueEnd + 1) values.push(part.expression);
      else if (offset > valueEnd) attributesUnknown = true;
      offset += PLACEHOLDER.length;
    } else {
      offset += (part.text ?? '').length;
    }
  }
  const attributes = new Map<string, string>();
  if (semicolon >= 0) {
    for (const segment of text.slice(semicolon + 1).split(';')) {
      const [key, ...rest] = segment.split('=');
      const attribute = key.trim().toLowerCase();
      if (attribute) attributes.set(attribute, rest.join('=').trim());
    }
  }
  const fact = (attribute: string, fallback: CookieDefault): CookieAttributeFact => {
    if (attributes.has(attribute)) return { state: 'set', value: attribute === 'samesite' ? attributes.get(attribute)! : true, node: cookie.node };
    return attributesUnknown ? { state: 'unknown', node: cookie.node } : { state: 'default', value: fallback };
  };
  return {
    name,
    values,
    facts: {
      framework: 'set-cookie-header',
      httpOnly: fact('httponly', SET_COOKIE_HEADER_DEFAULTS.httpOnly),
      secure: fact('secure', SET_COOKIE_HEADER_DEFAULTS.secure),
      sameSite: fact('samesite', false),
    },
  };
}

function propertyNameOf(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** The value expression of a property node recorded by the resolver (assignment or shorthand). */
function propertyValueExpression(node: ts.Node): ts.Expression | undefined {
  if (ts.isPropertyAssignment(node)) return node.initializer;
  if (ts.isShorthandPropertyAssignment(node)) return node.name;
  return undefined;
}

function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
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

function loggerLabel(receiver: ts.Expression): string {
  const node = stripWrappers(receiver);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return `${loggerLabel(node.expression)}.${node.name.text}`;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return 'logger';
}
