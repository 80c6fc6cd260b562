import { ts } from 'ts-morph';
import { AUTO_IMPORTED_NAVIGATION_NAMES, COMPONENT_ROUTER_MEMBER, ROUTER_NAVIGATIONS, type RouterNavigation } from '../../models/page-url.js';
import { findDeclaration } from '../../binding/scope.js';
import { singleDefinition } from '../../dataflow/definitions.js';
import { stripWrappers, type ValueResolver } from '../../dataflow/values.js';
import { withoutDefault } from './common.js';
import type { TokenSink } from './types.js';
import { objectEntries } from './common.js';

/**
 * Client-side navigations given their query as an object (src/models/page-url.ts ROUTER_NAVIGATIONS):
 * `router.push({ query: { token } })`, `this.router.navigate(['/x'], { queryParams: { token } })`,
 * `navigateTo({ path, query })`. Each entry is a value placed in the query string of the new page's URL.
 */
export function navigationQuerySinks(node: ts.CallExpression, resolver: ValueResolver): TokenSink[] {
  const callee = stripWrappers(node.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  for (const navigation of ROUTER_NAVIGATIONS) {
    if (navigation.form === 'function' ? !ts.isIdentifier(callee) || callee.text !== navigation.name : method === undefined || !navigation.methods.includes(method)) continue;
    // the query object first (cheap, syntactic), then the router it is given to
    const query = queryObject(node, navigation);
    if (!query || !reachesRouter(callee, navigation, resolver)) continue;
    const api = callee.getText().slice(0, 40);
    return objectEntries(query).map((entry) => ({ kind: 'url' as const, node, api, values: [entry.value], key: entry.name, urlPart: 'query' as const }));
  }
  return [];
}

function queryObject(node: ts.CallExpression, navigation: RouterNavigation): ts.ObjectLiteralExpression | undefined {
  const options = node.arguments[navigation.optionsArg];
  const literal = options && stripWrappers(options);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  for (const property of literal.properties) {
    if (!property.name || property.name.getText() !== navigation.queryOption) continue;
    const value = ts.isPropertyAssignment(property) ? stripWrappers(property.initializer) : undefined;
    return value && ts.isObjectLiteralExpression(value) ? value : undefined;
  }
  return undefined;
}

function reachesRouter(callee: ts.Expression, navigation: RouterNavigation, resolver: ValueResolver): boolean {
  const target = navigation.form === 'function' ? callee : ts.isPropertyAccessExpression(callee) ? stripWrappers(callee.expression) : undefined;
  if (!target) return false;
  // Options API: `this.$router` of a Vue component
  if (navigation.form === 'call' && ts.isPropertyAccessExpression(target) && target.name.text === COMPONENT_ROUTER_MEMBER && navigation.modules.includes('vue-router')) return true;
  if (ts.isIdentifier(target) && isAutoImported(target, navigation)) return true;
  const value = resolver.resolve(target);
  if (value.kind !== 'library' || !navigation.modules.includes(value.module)) return false;
  const path = withoutDefault(value.path);
  const suffix = navigation.form === 'call' ? ['()'] : navigation.form === 'injected' ? ['new'] : [];
  return path.length === suffix.length + 1 && path[0] === navigation.name && suffix.every((step, index) => path[index + 1] === step);
}

/** An undeclared `navigateTo`, or a router from an undeclared `useRouter()`: the framework's auto-imported names. */
function isAutoImported(name: ts.Identifier, navigation: RouterNavigation): boolean {
  if (navigation.form === 'injected') return false;
  if (navigation.form === 'function') return AUTO_IMPORTED_NAVIGATION_NAMES.has(name.text) && !findDeclaration(name.text, name);
  if (!navigation.modules.includes('vue-router')) return false;
  const definition = singleDefinition(name);
  const made = definition?.kind === 'value' && definition.steps.length === 0 ? stripWrappers(definition.expression) : undefined;
  const hook = made && ts.isCallExpression(made) ? stripWrappers(made.expression) : undefined;
  return !!hook && ts.isIdentifier(hook) && hook.text === navigation.name && AUTO_IMPORTED_NAVIGATION_NAMES.has(hook.text) && !findDeclaration(hook.text, hook);
}
