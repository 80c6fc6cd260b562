import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { CONTEXT_FRAMEWORKS, PASS_THROUGH_HOOKS, type ContextFramework } from '../models/component-context.js';
import { ConfigReads } from './config-reads.js';
import { envSchemaValue } from './env-schemas.js';
import { singleDefinition } from './definitions.js';
import { returnedExpressions } from './summaries.js';
import { stripWrappers, type LibraryValue, type Value, type ValueResolver } from './values.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

/**
 * Values carried by framework plumbing rather than by arguments (src/models/component-context.ts): a consumer's call
 * (`useContext(AuthContext)`, `inject(key)`, `getContext(key)`) hands back what every provider of the same channel
 * gives (`<AuthContext.Provider value={v}>`, `provide(key, v)`), and a pass-through hook (`useCallback(fn)`,
 * `useMemo(() => v)`) hands back its argument. The value resolver and token provenance ask here for the expressions
 * a library call carries, and follow them as they follow any other expression.
 *
 * Providers are looked for in the package of the channel: the module that makes it and the modules that mention its
 * name (React), or the modules that call a provide function (key channels). A channel none of whose providers can be
 * seen carries nothing: unknown, never a guess.
 */

/** The package-wide text search of src/facts/package-files.ts, handed in by the engine. */
export interface FileSearch {
  /** With `components`, also `.vue` and `.svelte` files (a component calling `provide` or `setContext`). */
  /** With `pattern`, only the files whose text also matches it. */
  filesMentioning(fromFile: string, words: readonly string[], components?: boolean, pattern?: RegExp): readonly string[];
}

/** Values plumbing hands to an expression read at some names, to be read at `names` in turn (for token provenance). */
export interface CarriedValues {
  values: readonly ts.Expression[];
  names: string[];
  /** The step from a value to the read: "provided to the components that consume it". */
  message: string;
}

type Resolve = (expression: ts.Expression) => Value;
/** A channel: the call that made it (React), or the key it is given under (`'s:auth'` for a string, a `Symbol()` call). */
type Channel = ts.Node | string;

interface ProviderSite {
  framework: ContextFramework;
  /** The expression naming the channel (a JSX tag's object, a provide call's key). */
  channel: ts.Expression;
  value: ts.Expression;
  /** A provide call and the path its callee must resolve to in the framework's modules. */
  call?: { callee: ts.Expression; path: readonly string[] };
}

/** Alternatives of a channel expression followed (`const ctx = ee ? EeContext : Context`). */
const MAX_ALTERNATIVES = 8;

export class FrameworkPlumbing {
  private readonly sitesByFile = new WeakMap<ts.SourceFile, ProviderSite[]>();
  private readonly providedMemo = new Map<Channel, { values: ts.Expression[]; files: ReadonlySet<string> }>();
  private readonly inProgress = new Set<Channel>();

  private readonly configReads: ConfigReads;

  constructor(
    private readonly project: Project,
    private readonly search?: FileSearch,
  ) {
    this.configReads = new ConfigReads(project, search);
  }

  /** For the value resolver: what a library call gives through plumbing (its one carried value, a configuration read), if it is plumbing. */
  valueAt(call: ts.CallExpression, callee: Value, resolve: Resolve): Value | undefined {
    if (callee.kind !== 'library') return callee.kind === 'unknown' ? this.configReads.valueAt(call, callee, resolve) : undefined;
    const environment = envSchemaValue(call, callee, resolve);
    if (environment) return environment;
    const carried = this.carried(call, callee, resolve);
    if (carried) return carried.length === 1 ? resolve(carried[0]) : { kind: 'unknown', node: call };
    return this.configReads.valueAt(call, callee, resolve);
  }

  /** For the value resolver: what a value of a type is when the type names a configuration namespace (`ConfigType<typeof jwtConfig>`). */
  typedValue(type: ts.TypeReferenceNode, resolve: Resolve): Value | undefined {
    return this.configReads.typedValue(type, resolve);
  }

  /** The expressions whose value a library call hands back, or undefined when the call is no plumbing. */
  carried(call: ts.CallExpression, callee: LibraryValue, resolve: Resolve): readonly ts.Expression[] | undefined {
    const path = withoutDefault(callee.path);
    const hook = PASS_THROUGH_HOOKS.find((candidate) => candidate.modules.includes(callee.module) && samePath(candidate.path, path));
    if (hook) return passedThrough(call.arguments[hook.argument], hook.gives);
    for (const framework of CONTEXT_FRAMEWORKS) {
      if (!framework.modules.includes(callee.module)) continue;
      const consumer = framework.consume.find((candidate) => samePath(candidate.path, path));
      if (!consumer) continue;
      const key = call.arguments[consumer.keyArg];
      if (!key || ts.isSpreadElement(key)) return [];
      const values: ts.Expression[] = [];
      for (const alternative of alternatives(key, 0)) {
        const channel = channelOf(framework, resolve(alternative));
        if (channel !== undefined) for (const value of this.provided(framework, channel, call, resolve)) if (!values.includes(value)) values.push(value);
      }
      return values;
    }
    return undefined;
  }

  /** The values every provider of `channel` gives, memoised with the files they were read from. */
  private provided(framework: ContextFramework, channel: Channel, consumer: ts.Node, resolve: Resolve): readonly ts.Expression[] {
    const known = this.providedMemo.get(channel);
    if (known) {
      this.project.dependOnAgain(known.files);
      return known.values;
    }
    if (this.inProgress.has(channel)) return [];
    this.inProgress.add(channel);
    try {
      const { value: values, files } = this.project.collectDependencies(() => this.findProvided(framework, channel, consumer, resolve));
      this.providedMemo.set(channel, { values, files });
      return values;
    } finally {
      this.inProgress.delete(channel);
    }
  }

  private findProvided(framework: ContextFramework, channel: Channel, consumer: ts.Node, resolve: Resolve): ts.Expression[] {
    const values: ts.Expression[] = [];
    for (const sourceFile of this.providerFiles(framework, channel, consumer)) {
      for (const site of this.sitesIn(sourceFile)) {
        if (site.framework !== framework || (site.call && !isProvideFunction(framework, site.call, resolve))) continue;
        if (alternatives(site.channel, 0).some((expression) => channelOf(framework, resolve(expression)) === channel)) values.push(site.value);
      }
    }
    return values;
  }

  /** The modules that may provide a channel: the one that makes it and those naming it (React), or those calling a provide function. */
  private providerFiles(framework: ContextFramework, channel: Channel, consumer: ts.Node): ts.SourceFile[] {
    const home = typeof channel === 'string' ? consumer.getSourceFile() : channel.getSourceFile();
    const name = typeof channel === 'string' ? undefined : declaredName(channel);
    const words = name !== undefined ? [name] : framework.provide.flatMap((form) => (form.form === 'call' ? [form.path[form.path.length - 1]] : []));
    const files: ts.SourceFile[] = [home];
    if (words.length === 0) return files;
    const shape = name !== undefined ? providerShape(name) : undefined;
    for (const file of this.search?.filesMentioning(home.fileName, words, framework.create === undefined, shape) ?? []) {
      const loaded = this.project.load(file)?.sourceFile;
      if (loaded && !files.includes(loaded)) files.push(loaded);
    }
    return files;
  }

  /** Provider-shaped syntax of a file (JSX elements with a value attribute, calls named like a provide function), found once. */
  private sitesIn(sourceFile: ts.SourceFile): ProviderSite[] {
    const known = this.sitesByFile.get(sourceFile);
    if (known) return known;
    const sites: ProviderSite[] = [];
    const stack: ts.Node[] = [sourceFile];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) sites.push(...jsxProviderSites(node));
      else if (ts.isCallExpression(node)) sites.push(...callProviderSites(node));
      node.forEachChild((child) => {
        stack.push(child);
      });
    }
    this.sitesByFile.set(sourceFile, sites);
    return sites;
  }
}

/** The expressions a call hands back through framework plumbing (a context's providers, `useCallback(fn)`), if it is plumbing. */
function carriedBy(resolver: ValueResolver, call: ts.CallExpression): readonly ts.Expression[] | undefined {
  const target = resolver.resolve(call.expression);
  return target.kind === 'library' ? resolver.plumbing.carried(call, target, (expression) => resolver.resolve(expression, 1)) : undefined;
}

/** For token provenance: what a consumer call read at `names` carries, read at the same names. */
export function carriedValuesAt(resolver: ValueResolver, base: ts.Expression, names: string[]): CarriedValues | undefined {
  const node = stripWrappers(base);
  const values = ts.isCallExpression(node) ? carriedBy(resolver, node) : undefined;
  return values && { values, names, message: 'provided to the components that consume it' };
}

/** What a pass-through hook hands back: its argument, or what the factory at the argument returns. */
function passedThrough(argument: ts.Expression | undefined, gives: 'argument' | 'factory'): readonly ts.Expression[] {
  if (!argument || ts.isSpreadElement(argument)) return [];
  if (gives === 'argument') return [argument];
  const factory = stripWrappers(argument);
  return ts.isArrowFunction(factory) || ts.isFunctionExpression(factory) ? returnedExpressions(factory.body) : [];
}

/** A channel expression's alternatives: both branches of a conditional, through a binding that holds one. */
function alternatives(expression: ts.Expression, depth: number): ts.Expression[] {
  const node = stripWrappers(expression);
  if (depth > MAX_ALTERNATIVES) return [node];
  if (ts.isConditionalExpression(node)) return [...alternatives(node.whenTrue, depth + 1), ...alternatives(node.whenFalse, depth + 1)];
  if (ts.isIdentifier(node)) {
    const definition = singleDefinition(node);
    if (definition?.kind === 'value' && definition.steps.length === 0 && ts.isConditionalExpression(stripWrappers(definition.expression))) {
      return alternatives(definition.expression, depth + 1);
    }
  }
  return [node];
}

/** The channel a resolved channel expression names: the factory call that made it, or a key's text or `Symbol()` call. */
function channelOf(framework: ContextFramework, value: Value): Channel | undefined {
  if (framework.create) {
    if (value.kind !== 'library' || !framework.modules.includes(value.module)) return undefined;
    const path = withoutDefault(value.path);
    return path.length === 2 && framework.create.includes(path[0]) && path[1] === '()' ? value.sites[value.sites.length - 1] : undefined;
  }
  if (value.kind === 'string') return `s:${value.value}`;
  return value.kind === 'unknown' && ts.isCallExpression(value.node) ? value.node : undefined;
}

function isProvideFunction(framework: ContextFramework, call: NonNullable<ProviderSite['call']>, resolve: Resolve): boolean {
  const callee = resolve(call.callee);
  return callee.kind === 'library' && framework.modules.includes(callee.module) && samePath(withoutDefault(callee.path), call.path);
}

/**
 * The text a module providing a named channel has: the name as a JSX tag (`<AuthContext.Provider`, `<AuthContext`)
 * or handed to another binding (`const Ctx = AuthContext`, `flag ? AuthContext : Other`) whose tag provides it. Most
 * modules naming a context only consume it, and are not parsed to look for providers.
 */
function providerShape(name: string): RegExp {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(`<\\s*${escaped}(?![\\w$])|[=?:]\\s*${escaped}(?![\\w$])`);
}

/** The name a channel is declared under (`const AuthContext = createContext()`), which modules providing it mention. */
function declaredName(channel: ts.Node): string | undefined {
  let current = channel.parent;
  while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))) current = current.parent;
  return current && ts.isVariableDeclaration(current) && ts.isIdentifier(current.name) ? current.name.text : undefined;
}

function jsxProviderSites(element: ts.JsxOpeningElement | ts.JsxSelfClosingElement): ProviderSite[] {
  const sites: ProviderSite[] = [];
  const tag = element.tagName;
  for (const framework of CONTEXT_FRAMEWORKS) {
    for (const form of framework.provide) {
      if (form.form !== 'jsx') continue;
      const value = jsxAttribute(element, form.attribute);
      if (!value) continue;
      if (form.member === undefined && (ts.isIdentifier(tag) || ts.isPropertyAccessExpression(tag))) sites.push({ framework, channel: tag, value });
      else if (form.member !== undefined && ts.isPropertyAccessExpression(tag) && tag.name.text === form.member) sites.push({ framework, channel: tag.expression, value });
    }
  }
  return sites;
}

function jsxAttribute(element: ts.JsxOpeningElement | ts.JsxSelfClosingElement, name: string): ts.Expression | undefined {
  for (const attribute of element.attributes.properties) {
    if (!ts.isJsxAttribute(attribute) || !ts.isIdentifier(attribute.name) || attribute.name.text !== name) continue;
    const initializer = attribute.initializer;
    return initializer && ts.isJsxExpression(initializer) ? initializer.expression : undefined;
  }
  return undefined;
}

/** Calls named like a provide function (`provide(key, v)`, `app.provide(key, v)`); the callee is checked when the channel is compared. */
function callProviderSites(call: ts.CallExpression): ProviderSite[] {
  const callee = stripWrappers(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name === undefined) return [];
  const sites: ProviderSite[] = [];
  for (const framework of CONTEXT_FRAMEWORKS) {
    for (const form of framework.provide) {
      if (form.form !== 'call' || form.path[form.path.length - 1] !== name) continue;
      const key = call.arguments[form.keyArg];
      const value = call.arguments[form.valueArg];
      if (key && value && !ts.isSpreadElement(key) && !ts.isSpreadElement(value)) sites.push({ framework, channel: key, value, call: { callee, path: form.path } });
    }
  }
  return sites;
}
