import { ts } from 'ts-morph';
import { stripWrappers, type Value } from '../dataflow/values.js';
import { valueAtPath } from '../dataflow/object-literals.js';
import { decoratedOperations } from '../models/index.js';
import type { LibraryModel } from '../models/types.js';

/**
 * The names under which plugins decorate framework objects (`fastify.jwt.sign`, Elysia `ctx.accessJwt.verify`): which
 * calls end with a decorated form's members, and, for a plugin that decorates under a name of its options
 * (ModuleConfigModel `decoratesAs`), which name a call uses and whether a registration gives that name.
 */

/**
 * Does the callee end with these member names (`['jwt', 'sign']` matches `<anything>.jwt.sign`)? The first member may
 * also be a name of its own: `jwt.sign` with `jwt` destructured from a handler's context (`({ jwt }) => jwt.sign(p)`).
 */
export function endsWithMembers(callee: ts.PropertyAccessExpression, members: readonly string[]): boolean {
  let current: ts.Expression = callee;
  for (let i = members.length - 1; i >= 0; i -= 1) {
    current = stripWrappers(current);
    if (i === 0 && members.length > 1 && ts.isIdentifier(current) && current.text === members[0]) return true;
    if (!ts.isPropertyAccessExpression(current) || current.name.text !== members[i]) return false;
    current = current.expression;
  }
  return true;
}

/**
 * The name a call gives to a form decorated under a configurable name: the name before the form's other members
 * (`ctx.accessJwt.verify` with ['jwt', 'verify'] → 'accessJwt'; `({ accessJwt }) => accessJwt.verify()` too).
 */
export function decoratedNameBefore(callee: ts.PropertyAccessExpression, members: readonly string[]): string | undefined {
  return nameBefore(callee, members.slice(1));
}

function nameBefore(callee: ts.PropertyAccessExpression, trailing: readonly string[]): string | undefined {
  let current: ts.Expression = callee;
  for (let i = trailing.length - 1; i >= 0; i -= 1) {
    current = stripWrappers(current);
    if (!ts.isPropertyAccessExpression(current) || current.name.text !== trailing[i]) return undefined;
    current = current.expression;
  }
  current = stripWrappers(current);
  if (ts.isPropertyAccessExpression(current)) return current.name.text;
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** The configurable decoration name of a library's plugin, if it has one. */
export function decorationNameOption(library: LibraryModel): { path: readonly string[]; default: string } | undefined {
  const config = library.moduleConfig;
  return config?.kind === 'call' ? config.decoratesAs : undefined;
}

/** For a plugin decorating under a configurable name: the name this call uses, when the call ends with one of its decorated forms. */
export function decoratedNameAt(library: LibraryModel, site: ts.Node | undefined): string | undefined {
  if (!decorationNameOption(library) || !site || !ts.isCallExpression(site)) return undefined;
  const callee = stripWrappers(site.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  for (const entry of decoratedOperations) {
    if (entry.library !== library) continue;
    const name = nameBefore(callee, entry.form.members.slice(1));
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * Does a registration with these options decorate under `name`? The option's string value, else the default when
 * it is left out of a visible object; options that cannot be seen match the default name only.
 */
export function registrationUsesName(options: Value, library: LibraryModel, name: string): boolean {
  const option = decorationNameOption(library);
  if (!option) return true;
  const value = valueAtPath(options, option.path);
  return value?.kind === 'string' ? value.value === name : name === option.default;
}
