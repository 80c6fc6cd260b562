import { ts } from 'ts-morph';
import { argumentFor } from '../../dataflow/call-sites.js';
import { expressionAtPath } from '../../dataflow/object-literals.js';
import { FunctionSummaries, type SummaryTimer } from '../../dataflow/summaries.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { configuredAuthModuleSinks } from './configured-auth-module.js';
import { CookieSinks } from './cookie.js';
import { HttpRequestSinks } from './http-request.js';
import { mayBeLibraryCall } from './library-gate.js';
import { navigationQuerySinks } from './navigation.js';
import { LogSinks } from './log.js';
import { persistedStoreSinks } from './persisted-store.js';
import { sdkStorageSinks } from './sdk-storage.js';
import { SDK_STORAGE_TEXT } from '../../models/stores.js';
import { RequestParamSinks } from './request-param.js';
import { stringOf } from './common.js';
import type { ScriptUnless, TokenSink } from './types.js';
import { UrlSinks } from './url.js';
import { WebStorageSinks } from './web-storage.js';

export type { TokenSink } from './types.js';

/**
 * Token sinks (places a token can leak to), dispatched to one module per sink family: web storage, logs, cookies,
 * URLs, request parameters, outgoing requests and persisted stores. The engine asks for the sinks of each call and
 * assignment in its fact walk, and once per file for the sinks that are other syntax (`fileLevelSinks`).
 */
export class SinkExtractor {
  private readonly webStorage: WebStorageSinks;
  private readonly logs: LogSinks;
  private readonly cookies: CookieSinks;
  private readonly requests: HttpRequestSinks;
  private readonly urls: UrlSinks;
  private readonly requestParams: RequestParamSinks;

  /** Summaries of project functions over the sinks inside them (which parameter reaches which sink's value). */
  private readonly summaries: FunctionSummaries<TokenSink>;
  private readonly wrapperCache = new WeakMap<ts.Node, TokenSink[]>();

  /** @param timer measures the summaries (`--timing`) */
  constructor(
    private readonly resolver: ValueResolver,
    timer?: SummaryTimer,
  ) {
    this.webStorage = new WebStorageSinks(resolver);
    this.logs = new LogSinks(resolver);
    this.cookies = new CookieSinks(resolver);
    this.requests = new HttpRequestSinks(resolver);
    this.urls = new UrlSinks(resolver, this.requests);
    this.requestParams = new RequestParamSinks(resolver);
    this.summaries = new FunctionSummaries(
      resolver,
      (call, takesParameter) =>
        // the call's own sinks only: file-level sinks of the helper's module are produced when that module is scanned
        ts.isCallExpression(call) && takesParameter() ? this.sinksAtCall(call).flatMap((sink) => sinkRoles(sink)) : [],
      resolver.project,
      timer,
      // `window.localStorage[key] = value`, `document.cookie = ...` in a helper
      (assignment) => this.sinksAtAssignment(assignment).flatMap((sink) => sinkRoles(sink)),
    );
  }

  /**
   * Sinks that are not calls or assignments, from one walk over the file: URL templates, `new URLSearchParams(...)`,
   * query-string reads and destructurings, parameters decorated as query reads; and, in a framework's configuration
   * file, the storages of a configured auth module.
   */
  fileLevelSinks(sourceFile: ts.SourceFile): TokenSink[] {
    const sinks: TokenSink[] = configuredAuthModuleSinks(sourceFile, this.resolver);
    const configuresSdk = SDK_STORAGE_TEXT.test(sourceFile.text);
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (configuresSdk) sinks.push(...sdkStorageSinks(node, this.resolver));
      if (ts.isTemplateExpression(node)) {
        // a log line naming a URL is a log write (token-in-log), not a URL that travels
        if (!this.isLogged(node)) sinks.push(...this.urls.templateSinks(node));
      } else if (ts.isNewExpression(node))
        sinks.push(...this.urls.searchParamsConstructionSinks(node), ...this.requestParams.queryExtractorConstructionSinks(node), ...this.cookies.responseInitSinks(node));
      else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) sinks.push(...this.requestParams.queryReadSinks(node));
      else if (ts.isVariableDeclaration(node)) sinks.push(...this.requestParams.queryDestructuringSinks(node));
      else if (ts.isParameter(node)) sinks.push(...this.requestParams.queryDecoratorSinks(node));
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    return sinks;
  }

  /** Is the text an argument of a log call (`logger.error(`could not call ${url}/${token}`)`)? */
  private isLogged(text: ts.Expression): boolean {
    let argument: ts.Node = text;
    while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(argument as ts.Expression)) return false;
    return (
      this.logs.atCall(
        call,
        call.arguments.filter((a) => !ts.isSpreadElement(a)),
      ) !== undefined
    );
  }

  /** Does a call's argument give a server context (`{ req, res }`), or may it (a value not known)? Left out: no. */
  private givesServerContext(argument: ts.Expression | undefined, side: ScriptUnless): boolean {
    if (!argument) return false;
    const value = this.resolver.resolve(argument);
    if (value.kind === 'undefined' || value.kind === 'null') return false;
    if (value.kind !== 'object') return true;
    const names = [...value.props.keys()];
    return value.open || names.some((name) => side.properties.includes(name));
  }

  /** The sinks of a call: a storage write or a log call, else every family that matches it. */
  sinksAtCall(node: ts.CallExpression): TokenSink[] {
    const args = node.arguments.filter((a) => !ts.isSpreadElement(a));
    const storageOrLog = this.webStorage.atCall(node, args) ?? this.logs.atCall(node, args);
    if (storageOrLog) return storageOrLog;
    const libraryCall = mayBeLibraryCall(stripWrappers(node.expression), this.resolver.project);
    return [
      ...this.cookies.setterSinks(node, libraryCall),
      ...this.cookies.setCookieHeaderSinks(node),
      ...this.cookies.responseInitSinks(node),
      ...this.urls.searchParamsAddSinks(node),
      ...this.urls.joinedPathSinks(node),
      ...navigationQuerySinks(node, this.resolver),
      ...(libraryCall ? this.urls.queryStringBuilderSinks(node) : []),
      ...this.requestParams.queryMethodSinks(node),
      ...(libraryCall ? this.requestParams.queryExtractorSinks(node) : []),
      ...this.requests.requestSinks(node, libraryCall),
      ...(libraryCall ? this.requests.keyFetchSinks(node) : []),
      ...(libraryCall ? persistedStoreSinks(node, this.resolver) : []),
    ];
  }

  /** The cookie name a script cookie library reads (`Cookies.get('token')`), for token provenance. */
  scriptCookieReadKey(node: ts.CallExpression): string | undefined {
    return this.cookies.scriptCookieReadKey(node);
  }

  /** The sinks of a binary expression: a URL concatenation (`+`), or an assignment to document.cookie, web storage or default headers. */
  sinksAtAssignment(node: ts.BinaryExpression): TokenSink[] {
    if (node.operatorToken.kind === ts.SyntaxKind.PlusToken || node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) return this.urls.concatenationSinks(node);
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
    const target = stripWrappers(node.left);
    const documentCookie = this.cookies.atAssignment(node, target);
    if (documentCookie) return documentCookie;
    if (!ts.isPropertyAccessExpression(target) && !ts.isElementAccessExpression(target)) return [];
    return this.webStorage.atAssignment(node, target) ?? this.requests.defaultHeaderSinks(node, target);
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
    const functions = this.summaries.functionsAt(call).filter((fn) => fn.getSourceFile() !== call.getSourceFile());
    if (functions.length > 0 && this.sinksAtCall(call).length === 0) {
      const values = new Map<TokenSink, ts.Expression[]>();
      const through = new Map<TokenSink, readonly (ts.CallExpression | ts.NewExpression)[]>();
      const keys = new Map<TokenSink, string>();
      // a script cookie whose server context a parameter gives: written from script when this call passes none
      const decided = new Map<TokenSink, boolean>();
      const flows = functions.flatMap((fn) => this.summaries.flows(fn));
      for (const flow of flows) {
        if (flow.role !== SIDE_ROLE || !flow.fact.scriptUnless) continue;
        const fn = flow.parameters[0]?.parent;
        const argument = fn && ts.isFunctionLike(fn) ? argumentFor(call, fn, flow.parameter) : undefined;
        decided.set(flow.fact, (decided.get(flow.fact) ?? true) && !this.givesServerContext(argument, flow.fact.scriptUnless));
      }
      call.arguments.forEach((argument, index) => {
        if (ts.isSpreadElement(argument) || call.arguments.slice(0, index).some((a) => ts.isSpreadElement(a))) return;
        for (const flow of flows) {
          if (flow.parameter !== index) continue;
          if (flow.role === SIDE_ROLE) continue;
          if (flow.role === KEY_ROLE) {
            // the helper's storage key or cookie name is this argument: `storage.setItem('accessToken', t)`
            const key = stringOf(this.resolver, argument);
            if (key !== undefined) keys.set(flow.fact, key);
            continue;
          }
          // a member of the argument reaches the sink (`setAuthCookies({ access_token: t })`): the value written there
          const value = flow.path ? expressionAtPath(argument, flow.path) : argument;
          if (!value) continue;
          const list = values.get(flow.fact) ?? [];
          if (!list.includes(value)) list.push(value);
          values.set(flow.fact, list);
          if (!through.has(flow.fact)) through.set(flow.fact, flow.through);
        }
      });
      // `api` stays the inner sink's: messages name where the value ends up (localStorage, console.log)
      for (const [inner, expressions] of values) {
        // a server context passed on (or a side no call here decides): not a script cookie at this call
        if (inner.scriptUnless && decided.get(inner) !== true) continue;
        found.push({
          ...inner,
          node: call,
          values: expressions,
          key: keys.get(inner),
          keyNode: undefined,
          binding: undefined,
          via: inner,
          through: through.get(inner),
          scriptUnless: undefined,
        });
      }
    }
    this.wrapperCache.set(call, found);
    return found;
  }
}

/** The role of a sink's key argument in summaries (the values' role is 'value'). */
const KEY_ROLE = 'key';
/** The role of the argument that decides a script cookie's side (ScriptUnless). */
const SIDE_ROLE = 'side';

/** What a summary follows into a sink: its values, and the argument naming its key when there is one. */
function sinkRoles(sink: TokenSink): { role: string; expression: ts.Expression; fact: TokenSink }[] {
  const roles = sink.values.map((expression) => ({ role: 'value', expression, fact: sink }));
  if (sink.keyNode) roles.push({ role: KEY_ROLE, expression: sink.keyNode, fact: sink });
  if (sink.scriptUnless) roles.push({ role: SIDE_ROLE, expression: sink.scriptUnless.argument, fact: sink });
  return roles;
}
