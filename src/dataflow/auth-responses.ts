import { ts } from 'ts-morph';
import type { DestructureStep } from '../binding/scope.js';
import { AUTH_CALL_PATTERN, RESPONSE_BODY_MEMBERS } from '../models/http.js';
import { PROMISE_THEN, RESPONSE_JSON } from '../models/runtime.js';
import { dataHookCall, isAuthRequestHook, triggerOf } from './data-hooks.js';
import { singleDefinition } from './definitions.js';
import { keyTransformed, namesHttpClient, returnsJsonCall } from './serialized.js';
import { continuationSources, settledValues } from './continuations.js';
import { returnedExpressions, type ProjectFunction } from './summaries.js';
import { stripWrappers } from './values.js';

const MAX_DEPTH = 25;

/**
 * Which values are the response of an auth request (token provenance's `auth-response` origin): an HTTP client's
 * response or parsed body, a data-fetching hook of an auth endpoint, a login/refresh call, and project functions
 * returning one. Names of members and calls only; the provenance walker asks, this module answers.
 */
export class AuthResponses {
  constructor(private readonly functionOf: (callee: ts.Expression) => ProjectFunction | undefined) {}

  /** Is `base.names...` the body of an auth response? */
  isAuthResponseBody(base: ts.Expression, objectNames: string[], depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const trailing = objectNames.filter((name) => !RESPONSE_BODY_MEMBERS.has(name) && name !== 'user' && name !== 'tokens' && name !== 'result');
    if (trailing.length > 0) return false;
    const stripped = stripWrappers(base);
    if (ts.isIdentifier(stripped)) {
      const definition = singleDefinition(stripped);
      if (definition?.kind === 'value') {
        return this.isAuthResponseBody(definition.expression, [...definition.steps.map(String), ...objectNames], depth + 1) || this.isResponseExpression(definition.expression, depth + 1);
      }
      const sources = definition?.kind === 'parameter' ? continuationSources(definition.fn) : undefined;
      return sources !== undefined && sources.some((source) => this.isResponseExpression(source, depth + 1));
    }
    return this.isResponseExpression(stripped, depth + 1);
  }

  /** An HTTP response, its parsed body, or the result of a login/refresh call. */
  isResponseExpression(expression: ts.Expression, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const node = stripWrappers(expression);
    if (ts.isAwaitExpression(node)) return this.isResponseExpression(node.expression, depth + 1);
    if (ts.isPropertyAccessExpression(node) && RESPONSE_BODY_MEMBERS.has(node.name.text)) return this.isResponseExpression(node.expression, depth + 1);
    if (ts.isIdentifier(node)) {
      const definition = singleDefinition(node);
      if (definition?.kind === 'value' && definition.steps.every((s: DestructureStep) => RESPONSE_BODY_MEMBERS.has(String(s)))) {
        return this.isResponseExpression(definition.expression, depth + 1);
      }
      return false;
    }
    if (!ts.isCallExpression(node)) return false;
    // `camelizeKeys(await res.json())`: the same body under renamed keys
    const transformed = keyTransformed(node);
    if (transformed) return this.isResponseExpression(transformed, depth + 1);
    // a data-fetching hook of an auth request (`useSWR('/api/auth/token')`), or a trigger that resolves to its response (`await mutateAsync(values)`)
    const hook = dataHookCall(node) ?? triggerOf(node);
    if (hook && (hook.call === node || hook.model.triggerReturnsData) && isAuthRequestHook(hook)) return true;
    const callee = stripWrappers(node.expression);
    // A project function whose body is in the scan is what it returns, whatever its name says (`generateMagicLinkTokens()`)
    const called = this.functionOf(callee);
    if (called) return returnedExpressions(called.body).some((returned) => this.isResponseExpression(returned, depth + 1));
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === RESPONSE_JSON) return true;
      if (method === PROMISE_THEN) {
        const callback = node.arguments[0];
        if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) && returnsJsonCall(callback)) return true;
        return this.isResponseExpression(callee.expression, depth + 1);
      }
      // `source.pipe(tap(...), map((body) => body.user))`: what the pipe emits
      const settled = settledValues(node);
      if (settled) return settled.some((value) => this.isResponseExpression(value, depth + 1));
      if (namesHttpClient(callee)) return true;
      return AUTH_CALL_PATTERN.test(method);
    }
    if (ts.isIdentifier(callee)) return namesHttpClient(callee) || AUTH_CALL_PATTERN.test(callee.text);
    return false;
  }
}
