import { ts } from 'ts-morph';
import { DEFAULT_HEADERS_PATH, GLOBAL_OBJECTS, HEADERS_CLASS, INSTANCE_REQUEST_METHODS, REQUEST_CLIENTS, REQUEST_HEADERS_FIELD, type RequestClientModel } from '../../models/sinks.js';
import { CREDENTIAL_QUERY_PARAMETERS, TOKEN_HEADER_NAMES } from '../../models/http.js';
import { KEY_SOURCE_CALLS } from '../../models/key-sources.js';
import { findDeclaration } from '../../binding/scope.js';
import { accessChain } from '../../dataflow/access-chain.js';
import { projectFunctionOf, returnedExpressions } from '../../dataflow/summaries.js';
import { stripWrappers, type Value, type ValueResolver } from '../../dataflow/values.js';
import { objectEntries, propertyValueExpression, receiverLabel, samePath, withoutDefault } from './common.js';
import { textParts } from './text.js';
import type { RequestTargetFact, TokenSink } from './types.js';
import { URL_CONSTRUCTOR } from '../../models/runtime.js';

/**
 * Outgoing HTTP requests: a credential header sent (`http-request`: fetch, axios, got, ky, node http, an instance's
 * default headers) and verification keys fetched from a URL (`key-fetch`), each with its target URL as far as known.
 */

/** A request client matched at a call: the model, the API name, and for an instance made by a factory, the factory. */
export interface MatchedClient {
  model: RequestClientModel;
  api: string;
  factorySite?: ts.CallExpression | ts.NewExpression;
  factoryModel?: RequestClientModel;
}

export class HttpRequestSinks {
  constructor(private readonly resolver: ValueResolver) {}

  /** The request client this call is (global fetch, a library export, an instance made by a library factory). */
  /**
   * `http.get` on a parameter typed as a library class (`function check(http: HttpService, t: string)`): that class's
   * instance method, for the client models to match (a typed parameter is not a library value in general: an express
   * `req: Request` stays a request parameter).
   */
  private typedReceiverMethod(callee: ts.Expression): Value | undefined {
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return undefined;
    const declaration = findDeclaration(callee.expression.text, callee.expression);
    const type = declaration?.kind === 'parameter' && declaration.steps.length === 0 && ts.isParameter(declaration.node) ? declaration.node.type : undefined;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const typeValue = this.resolver.resolve(type.typeName);
    return typeValue.kind === 'library' ? { ...typeValue, node: callee, path: [...typeValue.path, 'new', callee.name.text] } : undefined;
  }

  matchClient(node: ts.CallExpression, mayBeLibraryCall: boolean): MatchedClient | undefined {
    const callee = stripWrappers(node.expression);
    // global fetch / window.fetch
    const globalName =
      ts.isIdentifier(callee) && !findDeclaration(callee.text, callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && GLOBAL_OBJECTS.has(callee.expression.text)
          ? callee.name.text
          : undefined;
    if (globalName !== undefined) {
      const model = REQUEST_CLIENTS.find((client) => client.global === globalName);
      if (model) return { model, api: model.api };
    }
    if (!mayBeLibraryCall || (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee))) return undefined;
    const resolved = this.resolver.resolve(callee);
    const value = resolved.kind === 'library' ? resolved : this.typedReceiverMethod(callee);
    if (value?.kind !== 'library') return undefined;
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
    const label = ts.isPropertyAccessExpression(callee) ? `${receiverLabel(callee.expression)}.${callee.name.text}` : callee.text;
    return { model, api: label, factorySite: value.sites[value.sites.length - 1], factoryModel };
  }

  /** `fetch(url, { headers: { Authorization } })`, `axios.get(url, config)`: one sink per credential header sent. */
  requestSinks(node: ts.CallExpression, mayBeLibraryCall: boolean): TokenSink[] {
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
    const queries = queryOptionSinks(node, model.queryFields ?? [], configValue, matched.api);
    const headers = this.credentialHeaders(configValue);
    if (headers.length === 0) return queries;
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
    return [...queries, ...headers.map((header) => ({ kind: 'http-request' as const, node, api: matched.api, values: [header.value], key: header.name, target }))];
  }

  /** A JWKS fetched from a URL (KEY_SOURCE_CALLS with `keySet`): jwks-rsa `expressJwtSecret({ jwksUri })`, jose `createRemoteJWKSet(url)`. */
  keyFetchSinks(node: ts.CallExpression): TokenSink[] {
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
  defaultHeaderSinks(node: ts.BinaryExpression, target: ts.PropertyAccessExpression | ts.ElementAccessExpression): TokenSink[] {
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
    const candidates = headers.kind === 'object' ? [headers] : headersExpression ? this.returnedHeaders(headersExpression) : [];
    const found: { name: string; value: ts.Expression }[] = [];
    for (const candidate of candidates) {
      for (const [name, property] of candidate.props) {
        if (!TOKEN_HEADER_NAMES.has(name.toLowerCase())) continue;
        const value = propertyValueExpression(property.node);
        if (value) found.push({ name, value });
      }
    }
    return found;
  }

  /**
   * `headers: authHeader()`: the header objects a project helper may return, one per `return` and per branch of a
   * conditional (`return user ? { Authorization: ... } : {}`), whichever the call gets.
   */
  private returnedHeaders(expression: ts.Expression): Extract<Value, { kind: 'object' }>[] {
    const call = stripWrappers(expression);
    const fn = ts.isCallExpression(call) ? projectFunctionOf(call.expression, this.resolver) : undefined;
    if (!fn) return [];
    const branches = (node: ts.Expression): ts.Expression[] => {
      const inner = stripWrappers(node);
      if (ts.isConditionalExpression(inner)) return [...branches(inner.whenTrue), ...branches(inner.whenFalse)];
      return [inner];
    };
    return returnedExpressions(fn.body)
      .flatMap(branches)
      .map((returned) => this.resolver.resolve(returned))
      .filter((value): value is Extract<Value, { kind: 'object' }> => value.kind === 'object');
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
  urlPrefix(expression: ts.Expression): RequestTargetFact | undefined {
    const resolved = this.resolver.resolve(expression);
    if (resolved.kind === 'string') return { text: resolved.value, complete: true, node: expression };
    const node = stripWrappers(expression);
    // new URL('/path', BASE)
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === URL_CONSTRUCTOR && node.arguments?.[0]) {
      const path = this.urlPrefix(node.arguments[0]);
      const baseArgument = node.arguments[1];
      if (path && /^[a-z][a-z0-9+.-]*:\/\//i.test(path.text)) return path;
      const base = baseArgument ? this.urlPrefix(baseArgument) : undefined;
      if (path && base?.complete) return { text: joinUrl(base.text, path.text), complete: path.complete, node: expression };
      return base ? { ...base, complete: false } : undefined;
    }
    if (resolved.kind === 'fallback' && resolved.fallback.kind === 'string') return undefined;
    const parts = textParts(this.resolver, node);
    if (!parts || parts.length === 0 || parts[0].expression) return undefined;
    let text = '';
    for (const part of parts) {
      if (part.expression) return { text, complete: false, node: expression };
      text += part.text;
    }
    return { text, complete: true, node: expression };
  }
}

/** `base` and `path` joined with one slash between them. */
function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

/** The named entries of a query object: written in place, or built before (`const params = { access_token }; axios.get(url, { params })`). */
function queryEntries(object: ts.Expression, value: Value | undefined): { name?: string; value: ts.Expression }[] {
  const written = objectEntries(stripWrappers(object));
  if (written.length > 0 || value?.kind !== 'object') return written;
  return [...value.props].flatMap(([name, prop]) => {
    const expression = propertyValueExpression(prop.node);
    return expression ? [{ name, value: expression }] : [];
  });
}

/** The entries of a request's query-string option (`axios.get(url, { params: { access_token: t } })`): URL sinks of that request. */
function queryOptionSinks(node: ts.CallExpression, fields: readonly string[], config: Value | undefined, api: string): TokenSink[] {
  if (config?.kind !== 'object') return [];
  return fields.flatMap((field) => {
    const held = config.props.get(field);
    const object = held ? propertyValueExpression(held.node) : undefined;
    return object
      ? queryEntries(object, held?.value).map((entry) => ({
          kind: 'url' as const,
          node,
          api,
          values: [entry.value],
          key: entry.name,
          urlPart: 'query' as const,
          // as for a URL written out: a credential parameter is reported whatever its value (the rule's untraced note)
          ...(entry.name !== undefined && CREDENTIAL_QUERY_PARAMETERS.has(entry.name) ? { requestUrl: api } : {}),
        }))
      : [];
  });
}
