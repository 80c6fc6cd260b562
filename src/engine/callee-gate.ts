import { ts } from 'ts-morph';
import type { Project } from '../binding/project.js';
import { findDeclaration } from '../binding/scope.js';
import { detach } from '../parsing/detach.js';
import { boundNames, exportsOf, type ModuleExports } from './module-text.js';
import { stripWrappers } from '../dataflow/values.js';
import { BY_HAND_PARSE_CALL, BY_HAND_SIGN } from '../models/by-hand.js';
import { CONTEXT_FRAMEWORKS } from '../models/component-context.js';
import { TOKEN_INJECTION_TEXT } from '../models/injection.js';
import { libraryModels, modelForPackage, modeledPackages } from '../models/index.js';
import { SINK_HOLDER_TEXT, STORAGE_HOLDER_TEXT } from '../models/sinks.js';
import { CREDENTIAL_HEADER_TEXT, HEADERS_FROM_CALL_TEXT } from '../models/http.js';
import { escapeRegExp } from '../models/regexp.js';
import { TOKEN_WORD } from './prefilter.js';

/**
 * Decides cheaply, before any value resolution, whether a call could be a modeled JWT operation. Resolving
 * every callee of a large file (and parsing the local modules it imports) is what made analysis cost more
 * than parsing; almost no call survives this gate.
 */

/** Every name that appears in a library model (callee paths, builder and decorated method names, ...). */
function collectModelNames(): Set<string> {
  const names = new Set<string>([BY_HAND_PARSE_CALL.method, BY_HAND_SIGN.digestMethod]);
  const stack: unknown[] = libraryModels.map((model) => model.operations);
  for (const model of libraryModels) stack.push(model);
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (/^[A-Za-z_$][\w$]*$/.test(value)) names.add(value);
    } else if (Array.isArray(value)) {
      stack.push(...value);
    } else if (value && typeof value === 'object') {
      stack.push(...Object.values(value));
    }
  }
  return names;
}

/**
 * Calls a file must make for a wrapper module's library value to matter there: the last member of every modeled
 * operation's callee (`sign`, `verify`, `jwtVerify`, `expressjwt`, `SignJWT`, ...), decorated members, builder
 * terminals and the hand-signing digest. A file that calls none of them gains nothing from a barrel.
 */
let operationCalls: RegExp | undefined;
function operationCallPattern(): RegExp {
  if (operationCalls) return operationCalls;
  const names = new Set<string>([BY_HAND_SIGN.digestMethod]);
  for (const model of libraryModels) {
    for (const operation of model.operations) {
      for (const path of operation.callee) {
        const last = [...path].reverse().find((step) => /^[A-Za-z_$][\w$]*$/.test(step));
        if (last) names.add(last);
      }
      const form = operation.form;
      if (form?.kind === 'decorated' && form.members.length > 0) names.add(form.members[form.members.length - 1]);
      if (form?.kind === 'builder') names.add(form.terminal);
    }
  }
  operationCalls = new RegExp(`\\b(?:${[...names].map(escapeRegExp).join('|')})\\s*\\(`);
  return operationCalls;
}
/** Every module a text loads: relative paths, aliases (`@/lib/jwt`), workspace packages and npm packages alike. */
const IMPORT_SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"\s]+)['"]/g;
const MAX_MODULE_DEPTH = 4;
/**
 * How far from an imported name's module a library may be named for that name to be the library's value as it is
 * (`export const verify = jwt.verify` with `jwt` from the next module; re-exports are no step). A function that
 * uses a library further away is a wrapper, which the wrapper gate (MAX_MODULE_DEPTH) lets through: resolving every
 * imported function of an application as a possible library value parsed hundreds of modules for nothing.
 */
const VALUE_IMPORT_STEPS = 1;
/** Consumers of a component context (src/models/component-context.ts; React 19's bare `use(` is too common a name to test). */
const CONTEXT_CONSUMER_TEXT = new RegExp(
  `\\b(?:${[...new Set(CONTEXT_FRAMEWORKS.flatMap((framework) => framework.consume.map((form) => form.path[form.path.length - 1])))].filter((name) => name.length > 3).join('|')})\\s*[<(]`,
);
/** Cheap pre-test: does the text load a module at all? */
const HAS_IMPORT = /(?:from|require\s*\(|import\s*\()\s*['"]/;

/**
 * What the gate needs of a module's text, taken in one read: the gate asks several questions of the same
 * imported module (does it name a library, hold a sink, hand a library value out), and reading the file once per
 * question was most of the prefilter's time on large trees. The text is the project's (read once per scan).
 */
interface ModuleText {
  /** Every module the text loads, once each. */
  specifiers: readonly string[];
  namesLibrary: boolean;
  holdsSink: boolean;
  /** Writes browser storage (STORAGE_HOLDER_TEXT). */
  holdsStorage: boolean;
  /** Builds credential headers (CREDENTIAL_HEADER_TEXT). */
  buildsCredentialHeaders: boolean;
  /** Calls a component context's consumer function (`useContext(`, `inject(`, `getContext(`). */
  consumesContext: boolean;
  /** Re-exports, library bindings and exported names; undefined when the text says no `export` at all. */
  exports?: ModuleExports;
}

/** A module's answer to "does it export a value of a modeled library?", with the files that answer was read from. */
interface ProviderAnswer {
  provides: boolean;
  files: ReadonlySet<string>;
}

export class CalleeGate {
  private readonly names = collectModelNames();
  private readonly modulePattern = new RegExp(`['"\`](?:${modeledPackages().map(escapeRegExp).join('|')})['"\`]`);
  private readonly providers = new Map<string, boolean>();
  private readonly exporters = new Map<string, ProviderAnswer | 'pending'>();

  /**
   * @param consulted called with each project module whose text a wrapper-call decision read (a cached result of
   *   the calling file depends on it: editing the helper re-checks its callers)
   */
  constructor(
    private readonly project: Project,
    private readonly consulted: (file: string) => void = () => {},
  ) {}

  /**
   * Could this call reach a project function that performs a JWT operation (a wrapper in another module)? Its
   * callee must start from an import of a project module that names a modeled library (or imports one that
   * does), or from `this`, a parameter or a local whose value may come from such a module (an injected service).
   * A text check on the imported modules, no parse.
   */
  mayBeWrapperCall(node: ts.CallExpression | ts.NewExpression): boolean {
    if (!ts.isCallExpression(node)) return false;
    let base = stripWrappers(node.expression);
    // through lookups and instances too: `processors.get(kind).createToken(p)` (src/dataflow/dispatch.ts), `new Tokens().issue(p)`
    while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base) || ts.isCallExpression(base) || ts.isNewExpression(base)) base = stripWrappers(base.expression);
    const sourceFile = node.getSourceFile();
    if (base.kind === ts.SyntaxKind.ThisKeyword || base.kind === ts.SyntaxKind.SuperKeyword) {
      // a service injected by token is typed with an interface: its class may be in any module of the package
      return this.fileImportsLibraryUser(sourceFile) || this.fileNamesLibrary(sourceFile) || TOKEN_INJECTION_TEXT.test(sourceFile.text);
    }
    if (!ts.isIdentifier(base)) return false;
    const declaration = findDeclaration(base.text, base);
    if (!declaration) return false;
    if (declaration.kind === 'import' || declaration.kind === 'import-equals') {
      if (modelForPackage(declaration.specifier)) return false;
      const target = this.project.resolveImport(node.getSourceFile().fileName, declaration.specifier);
      if (target !== undefined) this.consulted(target);
      return target !== undefined && (this.mayProvideLibrary(target) || this.mayHoldSink(target));
    }
    // a function of this file that calls a library (options it leaves to its callers are decided at each call), or a
    // class, instance or container of strategies of this file whose methods do (`issuers.get(kind).createToken(p)`)
    const local = declaration.kind === 'function' || declaration.kind === 'class' || declaration.kind === 'variable';
    if (local && this.fileNamesLibrary(sourceFile)) return true;
    if (declaration.kind === 'variable' && this.fromContextConsumer(declaration.node, sourceFile)) return true;
    return declaration.kind !== 'function' && declaration.kind !== 'class' && this.fileImportsLibraryUser(sourceFile);
  }

  private readonly namingSources = new WeakMap<ts.SourceFile, boolean>();

  /** Does the file name a modeled package (so that a function of its own may wrap a library call)? */
  private fileNamesLibrary(sourceFile: ts.SourceFile): boolean {
    let known = this.namingSources.get(sourceFile);
    if (known === undefined) this.namingSources.set(sourceFile, (known = this.modulePattern.test(sourceFile.text)));
    return known;
  }

  private readonly sinkHolders = new Map<string, boolean>();
  private readonly contextConsumers = new Map<string, boolean>();
  private readonly contextFiles = new WeakMap<ts.SourceFile, boolean>();

  /**
   * A local taken from a call's result (`const { login } = useAuth()`) in a file whose imports reach a module that
   * consumes a component context: the call may hand out a function a provider gives (src/dataflow/plumbing.ts).
   */
  private fromContextConsumer(node: ts.Node, sourceFile: ts.SourceFile): boolean {
    const initializer = ts.isVariableDeclaration(node) && node.initializer ? stripWrappers(node.initializer) : undefined;
    if (!initializer || !ts.isCallExpression(initializer)) return false;
    let known = this.contextFiles.get(sourceFile);
    if (known === undefined) {
      known =
        CONTEXT_CONSUMER_TEXT.test(sourceFile.text) ||
        [...new Set([...sourceFile.text.matchAll(IMPORT_SPECIFIER)].map((match) => match[1]))].some((specifier) => {
          const target = modelForPackage(specifier) ? undefined : this.project.resolveImport(sourceFile.fileName, specifier);
          if (target !== undefined) this.consulted(target);
          return target !== undefined && target !== sourceFile.fileName && this.matchesThroughImports(target, (text) => text.consumesContext, this.contextConsumers, MAX_MODULE_DEPTH);
        });
      this.contextFiles.set(sourceFile, known);
    }
    return known;
  }

  /** Can this local module (or one it imports) write to a place a token leaks to (storage, log, cookie, URL, HTTP)? Text only. */
  private mayHoldSink(file: string): boolean {
    return this.matchesThroughImports(file, (text) => text.holdsSink, this.sinkHolders, 1);
  }

  private readonly importingFiles = new WeakMap<ts.SourceFile, boolean>();

  /** Does the file import a project module that names a modeled library (or imports one that does)? */
  private fileImportsLibraryUser(sourceFile: ts.SourceFile): boolean {
    let known = this.importingFiles.get(sourceFile);
    if (known === undefined) {
      known = [...sourceFile.text.matchAll(IMPORT_SPECIFIER)].some((match) => {
        if (modelForPackage(match[1])) return false;
        const target = this.project.resolveImport(sourceFile.fileName, match[1]);
        return target !== undefined && target !== sourceFile.fileName && (this.mayProvideLibrary(target) || this.mayHoldSink(target));
      });
      this.importingFiles.set(sourceFile, known);
    }
    return known;
  }

  /**
   * Does this file import a project module that names a modeled library itself? Its calls of that module's
   * functions may be operations through a wrapper (`security.authorize(user)`), so the file is worth a parse
   * although its own text names no library. Only direct users count (not modules further away), which keeps the
   * files parsed for this to those that import an auth helper. Every file read is added to `consulted`.
   */
  importsLibraryUser(absolutePath: string, text: string, consulted?: Set<string>): boolean {
    for (const specifier of this.specifiersOf(text)) {
      if (modelForPackage(specifier)) continue;
      const target = this.project.resolveImport(absolutePath, specifier);
      if (!target || target === absolutePath) continue;
      consulted?.add(target);
      if (this.namesLibrary(target)) return true;
    }
    return false;
  }

  /**
   * Does the file send requests whose headers a project module builds (`axios.get(url, { headers: authHeader() })`,
   * `authHeader` reading the stored token)? Such a file names no token itself, yet sends one. Every file read is
   * added to `consulted`.
   */
  importsCredentialHeaders(absolutePath: string, text: string, consulted?: Set<string>): boolean {
    return HEADERS_FROM_CALL_TEXT.test(text) && this.importsModuleThat(absolutePath, text, (module) => module.buildsCredentialHeaders, consulted);
  }

  /**
   * Does a file that names a token import a project module that writes browser storage (`ss.set('SECRET_TOKEN', token)`
   * with `ss` a storage helper)? It may store the token there without naming the storage itself.
   */
  importsStorageHelper(absolutePath: string, text: string, consulted?: Set<string>): boolean {
    return TOKEN_WORD.test(text) && this.importsModuleThat(absolutePath, text, (module) => module.holdsStorage, consulted);
  }

  /** Does the text import a project module whose text passes `test`? Every file read is added to `consulted`. */
  private importsModuleThat(absolutePath: string, text: string, test: (module: ModuleText) => boolean, consulted?: Set<string>): boolean {
    for (const specifier of this.specifiersOf(text)) {
      if (modelForPackage(specifier)) continue;
      const target = this.project.resolveImport(absolutePath, specifier);
      if (!target || target === absolutePath) continue;
      consulted?.add(target);
      const module = this.moduleText(target);
      if (module && test(module)) return true;
    }
    return false;
  }

  private lastText?: string;
  private lastSpecifiers: ReadonlySet<string> = new Set();

  /** The modules a text loads, once each (the prefilter asks of one text twice in a row: provider, then user). */
  private specifiersOf(text: string): ReadonlySet<string> {
    if (text !== this.lastText) {
      this.lastSpecifiers = new Set([...text.matchAll(IMPORT_SPECIFIER)].map((match) => match[1]));
      this.lastText = text;
    }
    return this.lastSpecifiers;
  }

  /** Files read only to learn whether they name a library: the answer (their full summary is made when asked for). */
  private readonly naming = new Map<string, boolean>();

  /**
   * Does the module name a modeled library? Most modules the prefilter reads are asked only this (importsLibraryUser),
   * so it is answered from the text without summarising it; a module asked more is read again then.
   */
  private namesLibrary(file: string): boolean {
    const summary = this.texts.get(file);
    if (summary !== undefined) return summary?.namesLibrary ?? false;
    let known = this.naming.get(file);
    if (known === undefined) {
      const text = this.project.textOf(file);
      this.naming.set(file, (known = text !== undefined && this.modulePattern.test(text)));
    }
    return known;
  }

  private readonly texts = new Map<string, ModuleText | null>();

  /** The module's text summary (undefined when it cannot be read: an unreadable module matches nothing). */
  private moduleText(file: string): ModuleText | undefined {
    let known = this.texts.get(file);
    if (known === undefined) {
      const text = this.project.textOf(file);
      known = text === undefined ? null : this.summarise(text);
      this.texts.set(file, known);
      this.naming.delete(file);
      this.exportParts.delete(file);
    }
    return known ?? undefined;
  }

  /** Exports of modules read only for them (exportsLibraryValue): null when there are none or the file cannot be read. */
  private readonly exportParts = new Map<string, ModuleExports | null>();

  /** What the module exports (undefined: nothing, or unreadable), read without the rest of its summary unless that is made. */
  private moduleExports(file: string): ModuleExports | undefined {
    const summary = this.texts.get(file);
    if (summary !== undefined) return summary?.exports;
    let known = this.exportParts.get(file);
    if (known === undefined) {
      const text = this.project.textOf(file);
      this.exportParts.set(file, (known = (text !== undefined && exportsOf(text)) || null));
      // the prefilter asks next whether it names a library (importsLibraryUser): answered from this read
      if (!this.naming.has(file)) this.naming.set(file, text !== undefined && this.modulePattern.test(text));
    }
    return known ?? undefined;
  }

  private summarise(text: string): ModuleText {
    const summary: ModuleText = {
      specifiers: [...new Set([...text.matchAll(IMPORT_SPECIFIER)].map((match) => match[1]))].map(detach),
      namesLibrary: this.modulePattern.test(text),
      holdsSink: SINK_HOLDER_TEXT.test(text),
      buildsCredentialHeaders: CREDENTIAL_HEADER_TEXT.test(text),
      holdsStorage: STORAGE_HOLDER_TEXT.test(text),
      consumesContext: CONTEXT_CONSUMER_TEXT.test(text),
    };
    const exports = exportsOf(text);
    if (exports) summary.exports = exports;
    return summary;
  }

  mayBeOperation(node: ts.CallExpression | ts.NewExpression): boolean {
    const callee = stripWrappers(node.expression);
    if (callee.kind === ts.SyntaxKind.SuperKeyword || ts.isCallExpression(callee) || ts.isElementAccessExpression(callee)) return true;
    if (ts.isPropertyAccessExpression(callee)) return this.names.has(callee.name.text);
    if (ts.isIdentifier(callee)) return this.identifierMayBeLibrary(callee);
    return false;
  }

  private readonly handDecoders = new WeakMap<ts.Node, boolean>();

  private mayDecodeByHand(fn: ts.FunctionDeclaration): boolean {
    let known = this.handDecoders.get(fn);
    if (known === undefined) {
      known = fn.body !== undefined && fn.body.getText().includes(`${BY_HAND_PARSE_CALL.object}.${BY_HAND_PARSE_CALL.method}(`);
      this.handDecoders.set(fn, known);
    }
    return known;
  }

  private identifierMayBeLibrary(identifier: ts.Identifier): boolean {
    const declaration = findDeclaration(identifier.text, identifier);
    if (!declaration) return false; // globals (fetch, setTimeout) are not JWT libraries
    switch (declaration.kind) {
      case 'import':
      case 'import-equals': {
        if (modelForPackage(declaration.specifier)) return true;
        const target = this.project.resolveImport(identifier.getSourceFile().fileName, declaration.specifier);
        return target !== undefined && this.mayProvideLibrary(target, VALUE_IMPORT_STEPS);
      }
      case 'variable':
        // a local holds a library value only if this file names the library or imports a module that may hand it out
        return this.fileNamesLibrary(identifier.getSourceFile()) || this.fileImportsLibraryUser(identifier.getSourceFile());
      case 'function':
        // a helper of this file that decodes a token segment by hand (`function part(s) { return JSON.parse(atob(s)) }`)
        return this.mayDecodeByHand(declaration.node);
      default:
        return false;
    }
  }

  /**
   * Does this file import a project module that hands out a value of a modeled library as it is (a wrapper or
   * barrel re-exporting the library: `export * as lib from 'jsonwebtoken'`, `export { sign } from './jwt'`,
   * `module.exports = require('jose')`)? Such a file can call the library without naming it, so the text
   * prefilter cannot drop it. A module that only uses the library inside its own functions does not count:
   * the calls are in that module, and files importing its functions need no parse. Text checks only, no
   * parse; memoised per module. Every file whose text the answer depends on is added to `consulted`.
   */
  importsLibraryProvider(absolutePath: string, text: string, consulted?: Set<string>): boolean {
    if (!HAS_IMPORT.test(text) || !operationCallPattern().test(text)) return false;
    for (const specifier of this.specifiersOf(text)) {
      // a library named directly passes the text prefilter; the project resolves every other specifier
      const target = modelForPackage(specifier) ? undefined : this.project.resolveImport(absolutePath, specifier);
      if (!target || target === absolutePath) continue;
      const answer = this.exportsLibraryValue(target, 0);
      for (const file of answer.files) consulted?.add(file);
      if (answer.provides) return true;
    }
    return false;
  }

  /** Does this module export a value of a modeled library as it is (itself or through re-exports of project modules)? */
  private exportsLibraryValue(file: string, depth: number): ProviderAnswer {
    const known = this.exporters.get(file);
    if (known === 'pending') return { provides: false, files: new Set() }; // a cycle adds nothing
    if (known) return known;
    this.exporters.set(file, 'pending');
    const files = new Set<string>([file]);
    let provides = false;
    const exports = this.moduleExports(file);
    // No `export` / `exports` at all: the module hands nothing out
    if (exports) {
      const isSource = (specifier: string): boolean => {
        if (modelForPackage(specifier)) return true;
        if (depth >= MAX_MODULE_DEPTH) return false;
        const target = this.project.resolveImport(file, specifier);
        if (!target || target === file) return false;
        const answer = this.exportsLibraryValue(target, depth + 1);
        for (const dependency of answer.files) files.add(dependency);
        return answer.provides;
      };
      provides = exports.reexported.some(isSource);
      if (!provides) {
        const bindings = exports.bindings.filter(([, specifier]) => modelForPackage(specifier) || this.project.resolveImport(file, specifier) !== undefined);
        provides = exports.names.size > 0 && bindings.some(([clause, specifier]) => boundNames(clause).some((name) => exports.names.has(name)) && isSource(specifier));
      }
    }
    const answer = { provides, files };
    this.exporters.set(file, answer);
    return answer;
  }

  /** Can this local module (or one it imports) hand out a value of a modeled library? A text check, no parse. */
  private mayProvideLibrary(file: string, steps = MAX_MODULE_DEPTH): boolean {
    return this.matchesThroughImports(file, (text) => text.namesLibrary, this.providers, steps);
  }

  /**
   * Does the module's text pass `test`, or that of a module it imports at most `steps` imports away (a re-export is no
   * step)? Memoised per file and steps left, so the order of questions cannot change an answer; a cycle adds nothing.
   */
  private matchesThroughImports(file: string, test: (text: ModuleText) => boolean, memo: Map<string, boolean>, steps: number): boolean {
    const key = `${steps} ${file}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false);
    const text = this.moduleText(file);
    if (!text) return false;
    let matches = test(text);
    if (!matches) {
      for (const specifier of text.specifiers) {
        // a re-export (`export * from './x'`, a package's index) hands the module's values out as they are: no step further away
        const reexported = text.exports?.reexported.includes(specifier) ?? false;
        if (!reexported && steps <= 0) continue;
        const target = this.project.resolveImport(file, specifier);
        if (target && this.matchesThroughImports(target, test, memo, reexported ? steps : steps - 1)) {
          matches = true;
          break;
        }
      }
    }
    memo.set(key, matches);
    return matches;
  }
}
