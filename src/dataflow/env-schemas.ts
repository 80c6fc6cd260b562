import { ts } from 'ts-morph';
import { ENV_SCHEMAS, type EnvSchemaModel } from '../models/env-schemas.js';
import { isProcessEnv } from './runtime-values.js';
import { valueAtPath } from './object-literals.js';
import { stripWrappers, type LibraryValue, type Value } from './values.js';
import { samePath, withoutDefault } from '../models/access-paths.js';

/**
 * Environment read through a validation schema (src/models/env-schemas.ts): `cleanEnv(process.env, { JWT_SECRET:
 * str({ default: 'dev' }) })` is an object whose `JWT_SECRET` is `process.env.JWT_SECRET`, falling back to 'dev'.
 */

type Resolve = (expression: ts.Expression) => Value;

/** The variables a schema-reading call gives, or undefined when the call reads no environment schema. */
export function envSchemaValue(call: ts.CallExpression, callee: LibraryValue, resolve: Resolve): Value | undefined {
  const path = withoutDefault(callee.path);
  const model = ENV_SCHEMAS.find((candidate) => candidate.modules.includes(callee.module) && candidate.paths.some((known) => samePath(known, path)));
  if (!model) return undefined;
  const specs = specObjects(model, call, callee, resolve);
  if (!specs) return undefined;
  const props = new Map<string, { value: Value; node: ts.Node }>();
  for (const spec of specs) {
    for (const property of spec.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
      const name = property.name.text;
      const variable: Value = { kind: 'env', node: property, name };
      const written = defaultOf(model, property.initializer);
      props.set(name, { value: written ? { kind: 'fallback', node: property, primary: variable, fallback: resolve(written) } : variable, node: property });
    }
  }
  return { kind: 'object', node: call, props, open: true };
}

/** The object literals holding the schema's fields. */
function specObjects(model: EnvSchemaModel, call: ts.CallExpression, callee: LibraryValue, resolve: Resolve): ts.ObjectLiteralExpression[] | undefined {
  const argument = (from: ts.CallExpression, index: number): Value | undefined => {
    const expression = from.arguments[index];
    return expression && !ts.isSpreadElement(expression) ? resolve(expression) : undefined;
  };
  if ('receiverArg' in model.specs) {
    const input = call.arguments[model.specs.envArg];
    if (!input || ts.isSpreadElement(input) || !isProcessEnv(stripWrappers(input))) return undefined;
    // the schema-making call is the last call site before the method (`z.object({...})` of `z.object({...}).parse`)
    const maker = callee.sites[callee.sites.length - 1];
    const found = maker && ts.isCallExpression(maker) ? objectLiteralOf(argument(maker, model.specs.receiverArg)) : undefined;
    return found ? [found] : undefined;
  }
  const options = argument(call, model.specs.arg);
  if (!objectLiteralOf(options)) return undefined;
  const groups = model.specs.properties ? model.specs.properties.map((name) => valueAtPath(options, [name])) : [options];
  return groups.flatMap((group) => objectLiteralOf(group) ?? []);
}

/** The object literal a value was written as, if it was. */
function objectLiteralOf(value: Value | undefined): ts.ObjectLiteralExpression | undefined {
  return value?.kind === 'object' && ts.isObjectLiteralExpression(value.node) ? value.node : undefined;
}

/** `str({ default: 'x' })` → 'x'; `z.string().min(32).default('x')` → 'x'. */
function defaultOf(model: EnvSchemaModel, field: ts.Expression): ts.Expression | undefined {
  let node = stripWrappers(field);
  if ('options' in model.defaults) {
    const options = ts.isCallExpression(node) ? node.arguments[0] : undefined;
    if (!options || !ts.isObjectLiteralExpression(stripWrappers(options))) return undefined;
    for (const property of (stripWrappers(options) as ts.ObjectLiteralExpression).properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && model.defaults.options.includes(property.name.text)) return property.initializer;
    }
    return undefined;
  }
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === model.defaults.method && node.arguments[0] && !ts.isSpreadElement(node.arguments[0])) return node.arguments[0];
    node = stripWrappers(node.expression.expression);
  }
  return undefined;
}
