import { ts } from 'ts-morph';
import {
  COOKIE_OPTION_NAMES,
  COOKIE_SETTERS,
  GLOBAL_OBJECTS,
  HEADER_SET_METHODS,
  RESPONSE_CLASSES,
  RESPONSE_INIT_HEADERS,
  SET_COOKIE_HEADER,
  SET_COOKIE_HEADER_DEFAULTS,
  WRITE_HEAD_METHOD,
  type CookieDefault,
  type CookieSetterModel,
} from '../../models/sinks.js';
import { findDeclaration } from '../../binding/scope.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { projectFunctionOf, returnedExpressions } from '../../dataflow/summaries.js';
import { declaredAs } from '../../binding/written-type.js';
import { accessChain } from '../../dataflow/access-chain.js';
import { stripWrappers, type Value, type ValueResolver } from '../../dataflow/values.js';
import { propertyValueExpression, receiverLabel, samePath, stringOf, withoutDefault } from './common.js';
import { PLACEHOLDER, partsText, textParts, type TextPart } from './text.js';
import type { CookieAttributeFact, CookieFacts, ScriptUnless, TokenSink } from './types.js';
import { DOCUMENT_COOKIE } from '../../models/runtime.js';
import { SCRIPT_COOKIE_READERS } from '../../models/cookie-libraries.js';

/**
 * Cookies: set by the server (`http-cookie`: a framework's cookie setter, a hand-written Set-Cookie header) or from
 * script (`script-cookie`: `document.cookie`, a client-side cookie library).
 */
export class CookieSinks {
  constructor(private readonly resolver: ValueResolver) {}

  /** `document.cookie = ...`; undefined when the assignment target is not document.cookie. */
  atAssignment(node: ts.BinaryExpression, target: ts.Expression): TokenSink[] | undefined {
    if (!isDocumentCookie(target)) return undefined;
    return [{ kind: 'script-cookie', node, api: DOCUMENT_COOKIE.api, values: [node.right], key: stringOf(this.resolver, node.right) }];
  }

  /** `res.cookie('token', t, options)`, `ctx.cookies.set(...)`, `cookies().set({ ... })`, a cookie library's setter. */
  setterSinks(node: ts.CallExpression, mayBeLibraryCall: boolean): TokenSink[] {
    const model = this.matchCookieSetter(node, mayBeLibraryCall);
    if (!model) return [];
    const args = node.arguments;
    if (args.slice(0, model.valueArg + 1).some((a) => ts.isSpreadElement(a))) return [];
    const first = args[model.nameArg];
    // Next.js: cookies().set({ name, value, httpOnly, ... })
    if (model.objectForm && first && args.length === 1) return this.objectFormSinks(node, model, first);
    const value = args[model.valueArg];
    if (!first || !value) return [];
    const side = this.cookieSide(model, node);
    if (side === undefined) return [];
    if (side === 'script' || typeof side === 'object')
      return [
        {
          kind: 'script-cookie',
          node,
          api: model.api,
          values: [value],
          key: stringOf(this.resolver, first),
          keyNode: ts.isSpreadElement(first) ? undefined : first,
          ...(typeof side === 'object' ? { scriptUnless: side } : {}),
        },
      ];
    const options = args[model.optionsArg];
    return [
      {
        kind: 'http-cookie',
        node,
        api: model.api,
        values: [value],
        key: stringOf(this.resolver, first),
        cookie: {
          ...this.cookieFactsFromOptions(model, options, options ? this.resolver.resolve(options) : undefined),
          writableAt: options ? objectLiteralAt(options) : args.length === model.optionsArg ? { after: args[args.length - 1] } : undefined,
        },
      },
    ];
  }

  /** `res.setHeader('Set-Cookie', 'token=...; HttpOnly')`, `headers.append('set-cookie', ...)`, `res.writeHead(200, { 'Set-Cookie': ... })`. */
  setCookieHeaderSinks(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return [];
    const method = callee.name.text;
    const args = node.arguments;
    let headerValue: ts.Expression | undefined;
    if (HEADER_SET_METHODS.has(method) && args.length >= 2 && stringOf(this.resolver, args[0])?.toLowerCase() === SET_COOKIE_HEADER) {
      headerValue = args[1];
    } else if (method === WRITE_HEAD_METHOD) {
      for (const argument of args) headerValue = propertyValue(stripWrappers(argument), (name) => name.toLowerCase() === SET_COOKIE_HEADER) ?? headerValue;
    }
    if (!headerValue) return [];
    return this.headerLineSinks(node, headerValue, `${receiverLabel(callee.expression)}.${method}('Set-Cookie')`);
  }

  /** `new Response(body, { headers: { 'Set-Cookie': line } })`, `Response.json(data, init)`, `NextResponse` alike. */
  responseInitSinks(node: ts.CallExpression | ts.NewExpression): TokenSink[] {
    const made = responseMade(node);
    const init = made && node.arguments?.[made.initArg];
    const object = init && !ts.isSpreadElement(init) ? stripWrappers(init) : undefined;
    const headers = made && object && propertyValue(object, (name) => name === RESPONSE_INIT_HEADERS);
    const value = headers && propertyValue(stripWrappers(headers), (name) => name.toLowerCase() === SET_COOKIE_HEADER);
    return made && value ? this.headerLineSinks(node, value, `${made.label}(…) 'Set-Cookie' header`) : [];
  }

  /** The cookies of a Set-Cookie header value (a line, or an array of lines), as sinks at `node`. */
  private headerLineSinks(node: ts.Node, headerValue: ts.Expression, label: string): TokenSink[] {
    return this.headerStrings(headerValue).flatMap((text) => {
      const parsed = parseSetCookie(text);
      return parsed ? [{ kind: 'http-cookie' as const, node, api: label, values: parsed.values, key: parsed.name, cookie: parsed.facts }] : [];
    });
  }

  /** Next.js: `cookies().set({ name, value, httpOnly, ... })`. */
  private objectFormSinks(node: ts.CallExpression, model: CookieSetterModel, first: ts.Expression): TokenSink[] {
    const object = this.resolver.resolve(first);
    if (object.kind !== 'object') return [];
    const nameValue = object.props.get('name')?.value;
    const valueNode = object.props.get('value')?.node;
    const value = valueNode ? propertyValueExpression(valueNode) : undefined;
    return [
      {
        kind: 'http-cookie',
        node,
        api: model.api,
        values: value ? [value] : [],
        key: nameValue?.kind === 'string' ? nameValue.value : undefined,
        cookie: { ...this.cookieFactsFromOptions(model, first, object), writableAt: objectLiteralAt(first) },
      },
    ];
  }

  /**
   * The cookie name read by a script cookie library's getter (`Cookies.get('token')`, `cookies.get(KEY)`), when it
   * resolves: a value written from script read back.
   */
  scriptCookieReadKey(node: ts.CallExpression): string | undefined {
    const nameArgument = node.arguments[0];
    if (!nameArgument) return undefined;
    const model = this.matchCookieSetter(node, true, SCRIPT_COOKIE_READERS);
    const name = model && node.arguments[model.nameArg];
    return name && !ts.isSpreadElement(name) ? stringOf(this.resolver, name) : undefined;
  }

  /** The setter model of a call; for a package matched by name, with `api` naming its package and method. */
  private matchCookieSetter(node: ts.CallExpression, mayBeLibraryCall: boolean, models: readonly CookieSetterModel[] = COOKIE_SETTERS): CookieSetterModel | undefined {
    const callee = stripWrappers(node.expression);
    // `x.name(...)`: a library value's path ends in `name`, so a model whose path ends otherwise needs no resolution
    const calledName = ts.isPropertyAccessExpression(callee) && callee.name.text !== 'default' ? callee.name.text : undefined;
    let resolved: Value | undefined;
    for (const model of models) {
      const match = model.match;
      if ((match.kind === 'library' || match.kind === 'package-pattern') && !mayBeLibraryCall) continue;
      if (match.kind === 'package-pattern') {
        if (calledName !== undefined && !match.methods.includes(calledName)) continue;
        resolved ??= this.resolver.resolve(callee);
        if (resolved.kind !== 'library' || !matchesPackagePattern(resolved.module, match)) continue;
        const path = withoutDefault(resolved.path).filter((step) => step !== 'new' && step !== '()');
        if (path.length > 0 && match.methods.includes(path[path.length - 1])) return { ...model, api: `${resolved.module} ${path.join('.')}` };
        continue;
      }
      if (match.kind === 'members') {
        // the called name first: most calls end in another name, and the chain is built only for those that do not
        if (calledName === match.members[match.members.length - 1] && ts.isPropertyAccessExpression(callee) && endsWithMembers(callee, match.members)) return model;
      } else if (match.kind === 'method') {
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== match.method) continue;
        const chain = accessChain(callee.expression, { throughCalls: true });
        if (!samePath(chain.names, match.receiverMembers)) continue;
        if (isNamedReceiver(chain.base, match.receiverNames, match.receiverTypes)) return model;
      } else {
        const last = match.suffix.length > 0 ? match.suffix[match.suffix.length - 1] : match.prefix.includes('*') ? undefined : match.prefix[match.prefix.length - 1];
        if (calledName !== undefined && last !== undefined && last !== '*' && last !== calledName) continue;
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

  /** Does this call write a Set-Cookie header ('server') or document.cookie ('script')? Undefined when it cannot be told. */
  /**
   * Where the cookie is written: on the server, from script, unknown, or (`scriptUnless`) from script unless the
   * enclosing function's caller passes a server context for `argument` (`setCookie(name, t, ctx)` with `ctx` a parameter).
   */
  private cookieSide(model: CookieSetterModel, node: ts.CallExpression): 'server' | 'script' | ScriptUnless | undefined {
    const runsIn = model.runsIn ?? 'server';
    if (typeof runsIn === 'string') return runsIn;
    const { arg, properties } = runsIn.serverWhen;
    const argument = node.arguments[arg];
    if (!argument || ts.isSpreadElement(argument)) return 'script';
    const value = this.resolver.resolve(argument);
    // options handed in by the caller (cookies-next `setCookie(n, t, ctx)`): each call decides; a context argument of its own (nookies) is the server's
    if (properties && value.kind === 'parameter' && value.steps.length === 0) return { argument, properties };
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

  /** The Set-Cookie strings of a header value: a string, a template, or an array of them. */
  private headerStrings(expression: ts.Expression, depth = 0): CookieText[] {
    const node = stripWrappers(expression);
    if (ts.isArrayLiteralExpression(node)) return node.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : this.headerStrings(element, depth)));
    const parts = textParts(this.resolver, node);
    if (parts) return [{ parts, node }];
    // a cookie line a helper builds and returns (`setHeader('Set-Cookie', this.auth.getCookieWithJwt(id))`, also held in a variable)
    const built = depth < MAX_BUILDER_STEPS ? builtBy(node, this.resolver) : undefined;
    return built ? this.headerStrings(built, depth + 1) : [];
  }
}

const MAX_BUILDER_STEPS = 4;

/** The value of an object literal's property whose name passes `test` (the last one written). */
function propertyValue(object: ts.Expression, test: (name: string) => boolean): ts.Expression | undefined {
  if (!ts.isObjectLiteralExpression(object)) return undefined;
  const named = object.properties.filter((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && test(p.name.text));
  const property = named[named.length - 1];
  return property && propertyValueExpression(property);
}

/** The response class a `new X(body, init)` or `X.json(data, init)` makes (RESPONSE_CLASSES), with its label. */
function responseMade(node: ts.CallExpression | ts.NewExpression): { initArg: number; label: string } | undefined {
  const callee = stripWrappers(node.expression);
  const named = ts.isNewExpression(node) ? callee : ts.isPropertyAccessExpression(callee) ? stripWrappers(callee.expression) : undefined;
  if (!named || !ts.isIdentifier(named)) return undefined;
  const model = RESPONSE_CLASSES.find((candidate) => candidate.name === named.text);
  if (!model || (ts.isCallExpression(node) && !(ts.isPropertyAccessExpression(callee) && model.staticMethods.includes(callee.name.text)))) return undefined;
  const declaration = findDeclaration(named.text, named);
  const known = model.global ? !declaration : declaration?.kind === 'import' && model.modules.includes(declaration.specifier);
  return known ? { initArg: model.initArg, label: ts.isNewExpression(node) ? `new ${model.name}` : `${model.name}.${(callee as ts.PropertyAccessExpression).name.text}` } : undefined;
}

/**
 * The expression a value is built by: a variable's initialiser, the one value a called project function returns,
 * or a member destructured from such a value (`const { cookie } = auth.getRefreshCookie(id)`, `return { cookie, token }`).
 */
function builtBy(node: ts.Expression, resolver: ValueResolver): ts.Expression | undefined {
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind !== 'value' || definition.steps.length > 1) return undefined;
    if (definition.steps.length === 0) return definition.expression;
    const holder = stripWrappers(definition.expression);
    const object = ts.isObjectLiteralExpression(holder) ? holder : returnedBy(holder, resolver);
    return object && propertyValue(object, (name) => name === String(definition.steps[0]));
  }
  return returnedBy(node, resolver);
}

/** The one value a call of a project function returns. */
function returnedBy(node: ts.Expression, resolver: ValueResolver): ts.Expression | undefined {
  const fn = ts.isCallExpression(node) ? projectFunctionOf(node.expression, resolver) : undefined;
  const returned = fn?.body ? returnedExpressions(fn.body) : [];
  return returned.length === 1 ? stripWrappers(returned[0]) : undefined;
}

interface CookieText {
  parts: TextPart[];
  node: ts.Node;
}

function isDocumentCookie(expression: ts.Expression): boolean {
  const node = stripWrappers(expression);
  if (!ts.isPropertyAccessExpression(node) || node.name.text !== DOCUMENT_COOKIE.member) return false;
  const object = stripWrappers(node.expression);
  if (ts.isIdentifier(object) && object.text === DOCUMENT_COOKIE.global) return true;
  return ts.isPropertyAccessExpression(object) && object.name.text === DOCUMENT_COOKIE.global && ts.isIdentifier(object.expression) && GLOBAL_OBJECTS.has(object.expression.text);
}

/** Packages some setter models by name: the name pattern is for the others only. */
const MODELLED_COOKIE_PACKAGES: ReadonlySet<string> = new Set(COOKIE_SETTERS.flatMap((model) => (model.match.kind === 'library' ? model.match.modules : [])));

function matchesPackagePattern(module: string, match: Extract<CookieSetterModel['match'], { kind: 'package-pattern' }>): boolean {
  return module.toLowerCase().includes(match.nameContains) && !match.exceptModules.includes(module) && !MODELLED_COOKIE_PACKAGES.has(module);
}

/** An options argument written as an object literal in the call itself. */
function objectLiteralAt(argument: ts.Expression): { object: ts.ObjectLiteralExpression } | undefined {
  return ts.isObjectLiteralExpression(argument) ? { object: argument } : undefined;
}

/** Does the callee end with these member names (`this.$cookies.set`, `$cookies.set`)? */
function endsWithMembers(callee: ts.PropertyAccessExpression, members: readonly string[]): boolean {
  const chain = accessChain(callee);
  const names = ts.isIdentifier(chain.base) ? [chain.base.text, ...chain.names] : chain.names;
  return names.length >= members.length && members.every((member, i) => names[names.length - members.length + i] === member);
}

/** A receiver that is a framework object by its conventional parameter name or its declared type. */
function isNamedReceiver(base: ts.Expression, names: ReadonlySet<string>, types: ReadonlySet<string>): boolean {
  if (!ts.isIdentifier(base)) return false;
  const declaration = findDeclaration(base.text, base);
  if (declaration?.kind !== 'parameter') return false;
  // `({ ctx }) => ...`: a resolver's options destructured at the name
  if (declaration.steps.length === 1 && declaration.steps[0] === base.text) return names.has(base.text);
  return declaration.steps.length === 0 && declaredAs(declaration.node, types, names);
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
  let offset = 0;
  for (const part of cookie.parts) {
    if (part.expression && offset > equals && offset < valueEnd + 1) values.push(part.expression);
    offset += part.expression ? PLACEHOLDER.length : (part.text ?? '').length;
  }
  const attributes = new Map<string, string>();
  // a value written in where an attribute's name could be (`; ${flags}`) may hold any attribute; one in an attribute's value (`Max-Age=${ttl}`) does not
  let attributesUnknown = false;
  if (semicolon >= 0) {
    for (const segment of text.slice(semicolon + 1).split(';')) {
      const [key, ...rest] = segment.split('=');
      const attribute = key.trim().toLowerCase();
      if (attribute.includes(PLACEHOLDER)) attributesUnknown = true;
      else if (attribute) attributes.set(attribute, rest.join('=').trim());
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
