import { ts } from 'ts-morph';
import {
  CALLABLE_LOGGER_PACKAGES,
  GLOBAL_OBJECTS,
  LOGGER_CLASSES,
  LOGGER_NAMES,
  LOGGER_PACKAGES,
  LOG_METHODS,
  WEB_STORAGE_OBJECTS,
  WEB_STORAGE_WRITE_METHOD,
} from '../models/sinks.js';
import { stripWrappers, type ValueResolver } from '../dataflow/values.js';

export type TokenSinkKind =
  /** localStorage / sessionStorage write. */
  | 'web-storage'
  /** `document.cookie = ...` from script. */
  | 'script-cookie'
  /** console or a logger. */
  | 'log';

export interface TokenSink {
  kind: TokenSinkKind;
  /** The write / log call or assignment: the primary location. */
  node: ts.Node;
  /** Human name of the API, e.g. `localStorage.setItem`. */
  api: string;
  /** Values written or logged. */
  values: readonly ts.Expression[];
  /** Storage key or cookie text when it is a literal (or resolves to one). */
  key?: string;
}

/** `window.localStorage` → 'localStorage'; `localStorage` → 'localStorage'. */
function storageName(expression: ts.Expression): string | undefined {
  const node = stripWrappers(expression);
  if (ts.isIdentifier(node) && WEB_STORAGE_OBJECTS.has(node.text)) return node.text;
  if (ts.isPropertyAccessExpression(node) && WEB_STORAGE_OBJECTS.has(node.name.text)) {
    const object = stripWrappers(node.expression);
    if (ts.isIdentifier(object) && GLOBAL_OBJECTS.has(object.text)) return node.name.text;
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

export class SinkExtractor {
  constructor(private readonly resolver: ValueResolver) {}

  private stringOf(expression: ts.Expression): string | undefined {
    const value = this.resolver.resolve(expression);
    return value.kind === 'string' ? value.value : undefined;
  }

  sinksAtCall(node: ts.CallExpression): TokenSink[] {
    const callee = stripWrappers(node.expression);
    const args = node.arguments.filter((a) => !ts.isSpreadElement(a));
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const storage = storageName(callee.expression);
      if (storage && method === WEB_STORAGE_WRITE_METHOD && args.length >= 2) {
        return [{ kind: 'web-storage', node, api: `${storage}.setItem`, values: [args[1]], key: this.stringOf(args[0]) }];
      }
      if (LOG_METHODS.has(method) && args.length > 0 && this.isLogger(callee.expression)) {
        return [{ kind: 'log', node, api: `${loggerLabel(callee.expression)}.${method}`, values: args }];
      }
      return [];
    }
    if (args.length > 0 && ts.isIdentifier(callee)) {
      const value = this.resolver.resolve(callee);
      if (value.kind === 'library' && CALLABLE_LOGGER_PACKAGES.has(value.module) && value.path[value.path.length - 1] === '()') {
        return [{ kind: 'log', node, api: `${callee.text}()`, values: args }];
      }
    }
    return [];
  }

  sinksAtAssignment(node: ts.BinaryExpression): TokenSink[] {
    if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return [];
    const target = stripWrappers(node.left);
    if (isDocumentCookie(target)) return [{ kind: 'script-cookie', node, api: 'document.cookie', values: [node.right], key: this.stringOf(node.right) }];
    // localStorage.token = t; localStorage['token'] = t
    if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
      const storage = storageName(target.expression);
      if (!storage) return [];
      const key = ts.isPropertyAccessExpression(target) ? target.name.text : this.stringOf(target.argumentExpression);
      return [{ kind: 'web-storage', node, api: storage, values: [node.right], key }];
    }
    return [];
  }

  private isLogger(receiver: ts.Expression): boolean {
    const node = stripWrappers(receiver);
    if (ts.isIdentifier(node) && node.text === 'console') return true;
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

function loggerLabel(receiver: ts.Expression): string {
  const node = stripWrappers(receiver);
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return `${loggerLabel(node.expression)}.${node.name.text}`;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return 'logger';
}
