import { ts } from 'ts-morph';
import { argumentFor } from './call-sites.js';
import { returnedExpressions } from './summaries.js';
import { stripWrappers, type Value } from './values.js';

type Resolve = (expression: ts.Expression) => Value;

const MAX_BASES = 4;

/**
 * A method of a project class (an arrow or function in a property initialiser counts), by instance or static
 * side, or the value of a static readonly constant; base classes declared in the project are searched too, also
 * through a mixin (`class A extends Timestamped(Base)`). `resolve` gives the value of an expression (a base class,
 * a constant's initialiser).
 */
export function classMember(declaration: ts.ClassLikeDeclaration, name: string, isStatic: boolean, resolve: Resolve, depth = 0): Value | undefined {
  const own = ownMember(declaration, name, isStatic, resolve);
  if (own !== 'absent') return own;
  return baseMember(declaration, name, isStatic, resolve, depth);
}

/** The member as the class's project base class has it (`super.name`), through mixins. */
export function baseMember(declaration: ts.ClassLikeDeclaration, name: string, isStatic: boolean, resolve: Resolve, depth = 0): Value | undefined {
  const base = extendsExpression(declaration);
  return base && depth <= MAX_BASES ? memberOfBase(base, name, isStatic, resolve, depth) : undefined;
}

/** The member declared in the class itself; 'absent' when the class does not declare it. */
function ownMember(declaration: ts.ClassLikeDeclaration, name: string, isStatic: boolean, resolve: Resolve): Value | undefined | 'absent' {
  for (const member of declaration.members) {
    if (!member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) || member.name.text !== name) continue;
    const memberIsStatic = (ts.canHaveModifiers(member) && ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) ?? false;
    if (memberIsStatic !== isStatic) continue;
    if (ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member)) return { kind: 'function', node: member };
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const initializer = stripWrappers(member.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return { kind: 'function', node: initializer };
      // `static readonly HEADER = 'authorization'`: a class constant
      const readonly = ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
      if (isStatic && readonly) return resolve(member.initializer);
    }
    return undefined;
  }
  return 'absent';
}

const extendsExpression = (declaration: ts.ClassLikeDeclaration): ts.Expression | undefined =>
  declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;

/**
 * The member of the class an `extends` expression names: a project class, or the class a mixin function returns
 * for its argument (`extends Mixin(Base)` with `const Mixin = (B) => class extends B { ... }`): the mixin's own
 * members first, then those of the argument it extends.
 */
function memberOfBase(base: ts.Expression, name: string, isStatic: boolean, resolve: Resolve, depth: number): Value | undefined {
  const value = resolve(base);
  if (value.kind === 'class') return classMember(value.node, name, isStatic, resolve, depth + 1);
  const call = stripWrappers(base);
  const mixin = ts.isCallExpression(call) ? resolve(call.expression) : undefined;
  if (!ts.isCallExpression(call) || mixin?.kind !== 'function' || !('body' in mixin.node) || !mixin.node.body) return undefined;
  const fn = mixin.node;
  for (const returned of returnedExpressions(mixin.node.body)) {
    // `return class extends B {...}`, or a class declared in the mixin and returned by name
    const expression = stripWrappers(returned);
    const named = ts.isClassExpression(expression) ? undefined : resolve(expression);
    const made = ts.isClassExpression(expression) ? expression : named?.kind === 'class' ? named.node : undefined;
    if (!made) continue;
    const own = ownMember(made, name, isStatic, resolve);
    if (own !== 'absent') return own;
    const inner = extendsExpression(made);
    const innerValue = inner && resolve(inner);
    // `class extends B` with B the mixin's parameter: the argument of this call
    const argument = innerValue?.kind === 'parameter' && innerValue.node.parent === fn && innerValue.steps.length === 0 ? argumentFor(call, fn, innerValue.index) : inner;
    if (argument && depth < MAX_BASES) return memberOfBase(argument, name, isStatic, resolve, depth + 1);
  }
  return undefined;
}

/**
 * `this.name` in a method of an object literal (`{ storage() { … }, login() { this.storage() } }`, a Vue component's
 * `methods`): the function the same object defines under that name. Arrow functions keep the `this` around them.
 */
export function objectLiteralThisMember(at: ts.Node, name: string): Value | undefined {
  for (let current: ts.Node = at; current.parent; current = current.parent) {
    const fn = current.parent;
    if (ts.isClassLike(fn) || ts.isSourceFile(fn) || ts.isFunctionDeclaration(fn)) return undefined;
    if (!ts.isFunctionExpression(fn) && !ts.isMethodDeclaration(fn)) continue;
    // the function that binds `this`: a method of an object literal, or a function assigned to one of its properties
    const object = ts.isMethodDeclaration(fn) ? fn.parent : ts.isPropertyAssignment(fn.parent) ? fn.parent.parent : undefined;
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    for (const property of object.properties) {
      if (!property.name || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) || property.name.text !== name) continue;
      if (ts.isMethodDeclaration(property)) return { kind: 'function', node: property };
      const value = ts.isPropertyAssignment(property) ? stripWrappers(property.initializer) : undefined;
      if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return { kind: 'function', node: value };
    }
    return undefined;
  }
  return undefined;
}
