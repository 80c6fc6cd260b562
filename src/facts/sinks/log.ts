import { ts } from 'ts-morph';
import {
  CALLABLE_LOGGER_PACKAGES,
  CONSOLE_OBJECT,
  LOGGED_CREDENTIAL_HEADER,
  LOGGER_CHILD_METHODS,
  LOGGER_CLASSES,
  LOGGER_NAMES,
  LOGGER_PACKAGES,
  LOG_METHODS,
  REQUEST_LOG_FORMATS,
} from '../../models/sinks.js';
import { findDeclaration } from '../../binding/scope.js';
import { stripWrappers, withoutBind, type ValueResolver } from '../../dataflow/values.js';
import { receiverLabel, withoutDefault } from './common.js';
import { identifierMayHoldLibraryValue } from './library-gate.js';
import type { TokenSink } from './types.js';
import { isCommandLineScript } from '../command-line-script.js';

const REQUEST_LOGGER_PACKAGES: ReadonlySet<string> = new Set(REQUEST_LOG_FORMATS.map((entry) => entry.module));

/** A console write of a command-line script (top level or its own `main()`) is that script's output. */
function scriptOutput(node: ts.CallExpression, toConsole: boolean): { scriptOutput?: true } {
  return toConsole && isCommandLineScript(node.getSourceFile()) ? { scriptOutput: true } : {};
}

/** Values written to the console or a logger (`log`). */
export class LogSinks {
  constructor(private readonly resolver: ValueResolver) {}

  /** `console.log(t)`, `this.logger.info(t)`, `log(t)` of a console alias or a callable logger; undefined when not a log call. */
  atCall(node: ts.CallExpression, args: readonly ts.Expression[]): TokenSink[] | undefined {
    if (args.length === 0) return undefined;
    const callee = stripWrappers(node.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if ((LOG_METHODS.has(method) || LOGGER_CHILD_METHODS.has(method)) && this.isLogger(callee.expression)) {
        return [{ kind: 'log', node, api: `${receiverLabel(callee.expression)}.${method}`, values: args, ...scriptOutput(node, isConsole(stripWrappers(callee.expression))) }];
      }
    } else if (ts.isIdentifier(callee) && consoleMethodAlias(callee)) {
      return [{ kind: 'log', node, api: `${CONSOLE_OBJECT}.${consoleMethodAlias(callee)}`, values: args, ...scriptOutput(node, true) }];
    } else if (ts.isIdentifier(callee)) {
      const format = identifierMayHoldLibraryValue(callee, this.resolver.project, REQUEST_LOGGER_PACKAGES) ? this.requestLoggerFormat(node, callee, args) : undefined;
      if (format) return format;
      if (!identifierMayHoldLibraryValue(callee, this.resolver.project, CALLABLE_LOGGER_PACKAGES)) return undefined;
      const value = this.resolver.resolve(callee);
      if (value.kind === 'library' && CALLABLE_LOGGER_PACKAGES.has(value.module) && value.path[value.path.length - 1] === '()') {
        return [{ kind: 'log', node, api: `${callee.text}()`, values: args }];
      }
    }
    return undefined;
  }

  /** `morgan(':method :url :req[authorization]')`: a request logger whose format prints a credential header. */
  private requestLoggerFormat(node: ts.CallExpression, callee: ts.Identifier, args: readonly ts.Expression[]): TokenSink[] | undefined {
    const value = this.resolver.resolve(callee);
    const logger = value.kind === 'library' ? REQUEST_LOG_FORMATS.find((entry) => entry.module === value.module && withoutDefault(value.path).length === 0) : undefined;
    const format = logger && args[logger.formatArg] ? this.resolver.resolve(args[logger.formatArg]) : undefined;
    const header = format?.kind === 'string' ? LOGGED_CREDENTIAL_HEADER.exec(format.value)?.[1] : undefined;
    return header ? [{ kind: 'log', node, api: `${callee.text}()`, values: [], loggedHeader: header }] : undefined;
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
}

/** The global console (not a local of that name), or a const alias of it (`const out = console`). */
function isConsole(expression: ts.Expression, depth = 0): boolean {
  const node = stripWrappers(expression);
  if (!ts.isIdentifier(node) || depth > 3) return false;
  const declaration = findDeclaration(node.text, node);
  if (!declaration) return node.text === CONSOLE_OBJECT;
  return (
    declaration.kind === 'variable' &&
    declaration.isConst &&
    declaration.steps.length === 0 &&
    declaration.node.initializer !== undefined &&
    isConsole(declaration.node.initializer, depth + 1)
  );
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
  initializer = withoutBind(initializer);
  if (!ts.isPropertyAccessExpression(initializer) || !LOG_METHODS.has(initializer.name.text) || !isConsole(initializer.expression)) return undefined;
  return initializer.name.text;
}
